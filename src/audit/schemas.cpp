// The JSON Schemas of the audit module's answers (audit.cpp renders them): published in
// /api/openapi.json, checked against every answer in the tests (Config::check_contracts).
#include "audit/audit.h"

namespace wangge::audit {

using namespace schema;

void register_schemas(Components& c) {
  c.add("AuditEntry", object({req("id", id()), req("at", date_time()), req("actor_id", nullable(id())),
                              req("actor", describe(str(), "username or anonymous")),
                              req("action", describe(str(), "module:entity:verb, e.g. territory:region:create")),
                              req("target", str()), req("ip", str()),
                              req("outcome", enumeration({"ok", "denied", "failed"})), req("detail", map_of(any()))}));
}

}  // namespace wangge::audit
