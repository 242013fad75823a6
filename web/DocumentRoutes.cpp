#include "web/DocumentRoutes.h"

#include "claims/ClaimDocuments.h"
#include "core/JsonWriter.h"
#include "web/HttpInternal.h"
#include "web/Multipart.h"

namespace huzhu::web {

using core::JsonWriter;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

void writeDocument(JsonWriter& w, const core::DocumentRecord& d) {
    w.beginObject();
    w.key("id").value(d.id);
    w.key("sha256").value(d.sha256);
    w.key("kind").value(d.kind);
    w.key("file_name").value(d.fileName);
    w.key("size_bytes").value(d.sizeBytes);
    w.key("uploaded_at").value(d.uploadedAt);
    w.endObject();
}

void upload(WebServices& s, HTTPServerRequest& req, HTTPServerResponse& resp,
            const core::Actor& actor, std::int64_t claimId) {
    const UploadedForm form = readMultipart(req, claims::ClaimDocuments::MaxBytes, "document");
    if (!form.fields.empty()) throw badField(form.fields.begin()->first, "unknown field");
    const core::DocumentRecord document =
        unwrap(s.documents.upload(actor, claimId, form.bytes, form.fileName));
    JsonWriter w;
    writeDocument(w, document);
    sendJson(resp, HTTPResponse::HTTP_CREATED, w.str());
}

void list(WebServices& s, HTTPServerResponse& resp, const core::Actor& actor,
          std::int64_t claimId) {
    JsonWriter w;
    w.beginObject().key("items").beginArray();
    for (const auto& d : unwrap(s.documents.list(actor, claimId))) writeDocument(w, d);
    w.endArray().endObject();
    sendJson(resp, HTTPResponse::HTTP_OK, w.str());
}

/// `attachment` with the exact UTF-8 name (RFC 8187) and, for clients that do not read it, the
/// name itself when it is plain ASCII, else "document-ID.EXT" (RFC 6266).
std::string contentDisposition(const claims::DocumentDownload& d) {
    static const char* const hex = "0123456789ABCDEF";
    bool allPlain = true;
    std::string encoded;
    for (const char ch : d.document.fileName) {
        const auto c = static_cast<unsigned char>(ch);
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (plain) {
            encoded += ch;
        } else {
            allPlain = false;
            encoded += '%';
            encoded += hex[c >> 4];
            encoded += hex[c & 0x0F];
        }
    }
    const std::string fallback = allPlain && !encoded.empty()
                                     ? encoded
                                     : "document-" + std::to_string(d.document.id) + "." +
                                           std::string(core::extension(d.kind));
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

void download(WebServices& s, HTTPServerResponse& resp, const core::Actor& actor,
              std::int64_t documentId) {
    const claims::DocumentDownload d = unwrap(s.documents.download(actor, documentId));
    resp.set("Content-Disposition", contentDisposition(d));
    resp.set("X-Content-Type-Options", "nosniff");
    resp.set("Cache-Control", "no-store");
    send(resp, HTTPResponse::HTTP_OK, std::string(core::mediaType(d.kind)), d.bytes);
}

}  // namespace

bool routeDocuments(WebServices& services, HTTPServerRequest& req, HTTPServerResponse& resp,
                    const core::Actor& actor, const std::vector<std::string>& segments) {
    const std::string& method = req.getMethod();
    const bool get = method == "GET" || method == "HEAD", post = method == "POST";
    const std::size_t n = segments.size();
    if (n == 3 && segments[0] == "claims" && segments[2] == "documents" && (get || post)) {
        const std::int64_t claimId = parseId(segments[1], "claim");
        if (post)
            upload(services, req, resp, actor, claimId);
        else
            list(services, resp, actor, claimId);
        return true;
    }
    if (n == 2 && segments[0] == "documents" && get) {
        download(services, resp, actor, parseId(segments[1], "document"));
        return true;
    }
    return false;
}

}  // namespace huzhu::web
