#include "web/DocumentRoutes.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <algorithm>
#include <istream>
#include <streambuf>

#include "claims/ClaimDocuments.h"
#include "core/JsonWriter.h"
#include "web/HttpInternal.h"

namespace huzhu::web {

using core::JsonWriter;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

constexpr std::size_t MaxFileBytes = claims::ClaimDocuments::MaxBytes;
/// Room for the multipart boundaries and part headers around the file.
constexpr std::size_t MultipartOverhead = 64 * 1024;
constexpr std::size_t MaxRequestBytes = MaxFileBytes + MultipartOverhead;

HttpError tooLarge() {
    return {HTTPResponse::HTTP_REQUESTENTITYTOOLARGE, "too_large",
            "the document is larger than 10 MiB", "file"};
}

/// The first `limit` bytes of a stream; it ends there and notes whether more would have come,
/// so that a request body cannot grow without bound (chunked bodies have no Content-Length).
class LimitedBuffer : public std::streambuf {
public:
    LimitedBuffer(std::istream& in, std::size_t limit) : _in(in), _left(limit) {}
    bool exceeded() const { return _exceeded; }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (_left == 0) {
            if (!_exceeded && _in.peek() != traits_type::eof()) _exceeded = true;
            return traits_type::eof();
        }
        _in.read(_buffer, static_cast<std::streamsize>(std::min(sizeof _buffer, _left)));
        const auto n = static_cast<std::size_t>(_in.gcount());
        if (n == 0) return traits_type::eof();
        _left -= n;
        setg(_buffer, _buffer, _buffer + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    std::istream& _in;
    std::size_t _left;
    bool _exceeded = false;
    char _buffer[16384];
};

/// Collects the file parts of a multipart body: the first one named "file" is kept (up to
/// the size limit); the others are only counted and named, and refused afterwards.
class FileParts : public Poco::Net::PartHandler {
public:
    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        std::string disposition;
        Poco::Net::NameValueCollection params;
        Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""),
                                                  disposition, params);
        names.push_back(params.get("name", ""));
        if (names.size() > 1 || names.back() != "file") return;  // HTMLForm skips the rest
        fileName = params.get("filename", "");
        char buffer[65536];
        while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
            bytes.append(buffer, static_cast<std::size_t>(stream.gcount()));
            if (bytes.size() > MaxFileBytes) {
                tooLarge = true;
                bytes.clear();
                return;
            }
        }
    }

    std::vector<std::string> names;
    std::string fileName;
    std::string bytes;
    bool tooLarge = false;
};

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
    if (!Poco::Net::MediaType(req.getContentType()).matches("multipart", "form-data"))
        throw HttpError{HTTPResponse::HTTP_UNSUPPORTEDMEDIATYPE, "unsupported_media_type",
                        "send the document as multipart/form-data in a part named \"file\"",
                        "file"};
    if (req.hasContentLength() &&
        req.getContentLength64() > static_cast<Poco::Int64>(MaxRequestBytes))
        throw tooLarge();

    LimitedBuffer limited(req.stream(), MaxRequestBytes);
    std::istream body(&limited);
    Poco::Net::HTMLForm form;
    form.setFieldLimit(16);
    form.setValueLengthLimit(1024);  // plain fields are refused below; keep them small
    FileParts parts;
    try {
        form.load(req, body, parts);
    } catch (const Poco::Exception& e) {
        if (limited.exceeded() || parts.tooLarge) throw tooLarge();
        throw badField("file", "not a readable multipart/form-data body: " + e.displayText());
    }
    if (limited.exceeded() || parts.tooLarge) throw tooLarge();
    if (!form.empty()) {
        const std::string& name = form.begin()->first;
        throw badField(name,
                       name == "file" ? "must be a file part (with a filename)" : "unknown field");
    }
    for (const std::string& name : parts.names)
        if (name != "file") throw badField(name, "unknown field");
    if (parts.names.empty()) throw badField("file", "is required");
    if (parts.names.size() > 1) throw badField("file", "send one file per request");

    const core::DocumentRecord document =
        unwrap(s.documents.upload(actor, claimId, parts.bytes, parts.fileName));
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
