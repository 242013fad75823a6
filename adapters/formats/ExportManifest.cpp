#include "adapters/formats/ExportManifest.h"

#include "adapters/crypto/Crypto.h"
#include "core/JsonWriter.h"

namespace huzhu::adapters::formats {

namespace {

void fields(core::JsonWriter& w, const ExportManifest& m) {
    w.key("batch_id").value(m.batchId);
    w.key("format").value(m.format);
    w.key("count").value(m.count);
    w.key("total_fen").value(m.totalFen);
    w.key("sha256").value(m.sha256);
    w.key("exported_at").value(m.exportedAt);
    w.key("exported_by").value(m.exportedBy);
}

}  // namespace

std::string manifestJson(const ExportManifest& manifest, const std::string& signingKey) {
    core::JsonWriter body;
    body.beginObject();
    fields(body, manifest);
    body.endObject();
    core::JsonWriter w;
    w.beginObject();
    fields(w, manifest);
    w.key("signature").value(crypto::hmacSha256Hex(signingKey, body.str()));
    w.endObject();
    return w.str() + "\n";
}

}  // namespace huzhu::adapters::formats
