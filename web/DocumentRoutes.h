#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <string>
#include <vector>

#include "core/Claim.h"
#include "web/PortalServer.h"

namespace huzhu::web {

/// The document routes of the JSON API, `segments` being the path after /api/v1:
///   POST claims/{id}/documents   multipart/form-data, one file part named "file" → 201
///   GET  claims/{id}/documents   the claim's documents
///   GET  documents/{id}          the bytes, as an attachment
/// Returns false when the request is none of these. The caller has authenticated the session
/// and checked the CSRF token; refusals are thrown as HttpError (web/HttpInternal.h). The
/// upload reads its own body with the document size limit (not the 1 MiB JSON body limit).
bool routeDocuments(WebServices& services, Poco::Net::HTTPServerRequest& req,
                    Poco::Net::HTTPServerResponse& resp, const core::Actor& actor,
                    const std::vector<std::string>& segments);

}  // namespace huzhu::web
