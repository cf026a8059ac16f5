// The export routes, one per ledger: each checks who may export what (unmasking takes
// registry:person:unmask on every exported node and a reason), then exports (export.cpp).
#include "core/error.h"
#include "registry/export.h"
#include "registry/persons.h"
#include "registry/service.h"
#include "territory/service.h"

namespace wangge::registry {

void Service::register_export_routes(http::Router& router) {
  struct Ledger {
    const char* name;
    const char* permission;
    const char* summary;
  };
  static constexpr Ledger kLedgers[] = {
      {"persons", "registry:person:read",
       "Persons in the caller's territory as .xlsx (masked; unmask=true with a reason for registry:person:unmask)"},
      {"households", "registry:household:read", "Households with head, members and last visit as .xlsx"},
      {"buildings", "registry:building:read", "Buildings with their household counts as .xlsx"},
      {"businesses", "registry:business:read", "Businesses and shops as .xlsx"},
      {"visits", "registry:visit:read", "Household visits (planned, done, cancelled) as .xlsx"},
  };
  for (const auto& ledger : kLedgers) {
    std::string name = ledger.name;
    std::string permission = ledger.permission;
    router.add(
        "GET", "/api/v1/exports/" + name,
        {.summary = ledger.summary,
         .tag = "registry",
         .permission = permission,
         .query = name == "persons"
                      ? std::vector<http::QueryParam>{{"node", "under this region code (default: the caller's scope)"},
                                                      {"q",
                                                       "as the persons list: a name's beginning, or an exact ID "
                                                       "number or phone"},
                                                      {"match", "as the persons list: prefix or contains"},
                                                      {"tag", "carrying this tag now"},
                                                      {"residence_type", "registered, permanent or floating"},
                                                      {"household_id", "members of this household now"},
                                                      {"unmask", "true: full ID numbers and phones"},
                                                      {"reason", "why they are unmasked (required with unmask)"}}
                      : std::vector<http::QueryParam>{{"node", "under this region code (default: the caller's scope)"}},
         .statuses = {200, 400, 403, 404, 422},
         .load = http::Load::bulk},
        [this, name, permission](Context& ctx) {
          const auto& req = ctx.req();
          ExportRequest ex;
          ex.ledger = name;
          ex.zh = req.prefers_zh();
          auto node = req.query_param("node");
          ex.paths = territory_.request_paths(ctx, permission, node);
          ex.where = node && !node->empty() ? *node : "scope";
          if (name == "persons") {
            bool filtered = false;
            for (const char* k : {"q", "tag", "residence_type", "household_id"})
              filtered |= req.query_param(k).has_value();
            if (filtered) {  // what the persons page shows under its filter, not the whole ledger
              store::PersonFilter f = person_search(*this, ctx).filter;
              if (node && !node->empty()) f.region_path = territory_.path_of(*node);
              f.before_id.reset();
              ex.persons = f;
            }
          }
          ex.unmask = req.query_param("unmask").value_or("false") == "true";
          if (ex.unmask) {
            if (name != "persons")
              throw Error("invalid_query", "unmask", "only the persons ledger holds masked values",
                          "只有人员台账含脱敏信息");
            ex.reason = req.query_param("reason").value_or("");
            if (ex.reason.size() < 2 || ex.reason.size() > 200)
              throw Error("invalid_query", "reason", "state why the values are unmasked (2-200 characters)",
                          "请说明导出明文的理由（2-200 字）");
            for (const auto& p : ex.paths) ctx.require("registry:person:unmask", p);
          }
          return export_ledger(*this, ctx, ex);
        });
  }
}

}  // namespace wangge::registry
