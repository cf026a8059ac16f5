// The export use case (export.cpp), called by the routes in export_http.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/http/message.h"
#include "registry/store.h"

namespace wangge::registry {

class Service;

struct ExportRequest {
  std::string ledger;              // persons, households, buildings, businesses or visits
  std::vector<std::string> paths;  // under these (the caller's scope, or one node of it)
  std::string where;               // the node asked for, or "scope"
  bool zh = false;                 // headers and words in Chinese
  bool unmask = false;             // full ID numbers and phones (persons), for `reason`
  std::string reason;
  // The persons list's filter (name, ID number, phone, tag, residence type) when the page
  // exported what it shows: only those persons, in the list's order.
  std::optional<store::PersonFilter> persons;
};

// The ledger as an .xlsx attachment; the export is audited before the file leaves.
http::Response export_ledger(Service& svc, const Context& ctx, const ExportRequest& req);

}  // namespace wangge::registry
