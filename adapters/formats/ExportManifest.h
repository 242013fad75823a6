#pragma once

#include <cstdint>
#include <string>

#include "core/Money.h"

namespace huzhu::adapters::formats {

/// What FILE.manifest.json records about one payment file (CONTRACT §7).
struct ExportManifest {
    std::int64_t batchId = 0;
    std::string format;
    std::int64_t count = 0;
    core::Fen totalFen = 0;
    std::string sha256;  // of the payment file's bytes
    std::string exportedAt;
    std::string exportedBy;
};

/// The manifest as JSON with an HMAC-SHA256 `signature` over the other fields (in this key
/// order, as serialised without the signature) under `signingKey`.
std::string manifestJson(const ExportManifest& manifest, const std::string& signingKey);

}  // namespace huzhu::adapters::formats
