#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include "web/PageRenderer.h"
#include "web/PortalServer.h"

namespace huzhu::web {

/// The portal's server-rendered pages (everything outside /api and /static):
///   GET  /                 login (or the home page of whoever is logged in)
///   POST /login, /logout   form posts; the session cookie as for the API
///   GET  /lang/{zh|en}     switch the language (a cookie), back to `next`
///   GET  /my               member: cover, notices, claims;  GET|POST /my/bank  bank account
///   GET|POST /claims/new   member or union officer: the claim form (live preview via the API)
///   GET  /claims           the claims the user may see, with filters and paging
///   GET  /claims/{id}      the claim; POST …/decision, …/appeal, …/resubmit, …/documents
///   GET  /finance          finance: payouts and batches; POST /finance/batches[/{id}/release
///                          | /{id}/returns]
/// Every POST carries the session's CSRF token in a `csrf` field; a page the user may not see
/// is a 404 page, as in the API. Answers with HTML; returns false when the path is not a page.
bool routePages(WebServices& services, const PageRenderer& pages, Poco::Net::HTTPServerRequest& req,
                Poco::Net::HTTPServerResponse& resp);

}  // namespace huzhu::web
