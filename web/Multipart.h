#pragma once

// Internal to web/: reading a multipart/form-data upload with one file (API and pages).

#include <Poco/Net/HTTPServerRequest.h>

#include <cstddef>
#include <map>
#include <string>

#include "web/HttpInternal.h"

namespace huzhu::web {

/// A multipart/form-data body: exactly one file part named "file" and the plain fields.
struct UploadedForm {
    std::map<std::string, std::string> fields;  // at most 16, each at most 1 KiB
    std::string fileName;
    std::string bytes;
};

/// Reads the request's multipart body, stopping at `maxFileBytes` of file (413 naming `what`,
/// e.g. "document"), also for chunked bodies without a length. 415 for another media type,
/// 400 for a missing, repeated or unknown file part.
UploadedForm readMultipart(Poco::Net::HTTPServerRequest& req, std::size_t maxFileBytes,
                           const std::string& what);

}  // namespace huzhu::web
