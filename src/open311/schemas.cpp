// The JSON Schemas of the Open311 answers in their .json format (GeoReport v2 as format.cpp,
// open311.cpp and updates.cpp render it: every answer but a service definition is a list)
// and of the API key administration: published in /api/openapi.json, checked against
// every answer in the tests (Config::check_contracts).
#include "events/attributes.h"
#include "open311/open311.h"

namespace wangge::open311 {

using namespace schema;

void register_schemas(Components& c) {
  value time = date_time();
  c.add("ApiKey", object({req("id", id()), req("name", str()), req("created_at", time),
                          req("revoked_at", nullable(date_time()))}));
  c.add("NewApiKey",
        object({req("id", id()), req("name", str()),
                req("key", describe(str(), "the key itself: shown in this answer only")), req("created_at", time)}));

  c.add("Open311Discovery",
        object({req("changeset", time), req("contact", str()), req("key_service", str()),
                req("endpoints",
                    array(object({req("specification", str()), req("url", str()), req("changeset", time),
                                  req("type", enumeration({"production", "test"})), req("formats", array(str()))})))}));
  c.add("Open311Service",
        object({req("service_code", str()), req("service_name", str()), req("description", str()),
                req("metadata", describe(boolean(), "whether the service definition asks extra questions")),
                req("type", enumeration({"realtime", "batch", "blackbox"})), req("keywords", array(str())),
                req("group", str())}));
  c.add("Open311ServiceAttribute",
        object({req("variable", boolean()), req("code", str()), req("datatype", enumeration(events::kAttributeTypes)),
                req("required", boolean()), req("datatype_description", str()), req("order", integer()),
                req("description", str()), opt("values", array(object({req("key", str()), req("name", str())})))}));
  c.add("Open311ServiceDefinition",
        object({req("service_code", str()), req("attributes", array(ref("Open311ServiceAttribute")))}));
  c.add(
      "Open311Request",
      object({req("service_request_id", id_string()), req("status", enumeration({"open", "closed"})),
              req("status_notes", describe(str(), "the event's state, zh / en")), req("service_name", str()),
              req("service_code", str()), req("description", describe(str(), "empty in public reads")),
              req("agency_responsible", str()), req("service_notice", str()), req("requested_datetime", time),
              req("updated_datetime", time),
              req("expected_datetime", describe(nullable(date_time()), "the handling deadline")),
              req("address", describe(str(), "empty in public reads")), req("address_id", str()), req("zipcode", str()),
              req("lat", describe(nullable(number()), "rounded to about 100 m in public reads")),
              req("long", describe(nullable(number()), "rounded to about 100 m in public reads")),
              req("media_url", describe(str(), "empty in public reads"))}));
  c.add("Open311RequestCreated",
        object({req("service_request_id", id_string()), req("token", describe(str(), "the event's tracking code")),
                req("service_notice", str()), req("account_id", nullable(str()))}));
  c.add("Open311Token", object({req("service_request_id", id_string()), req("token", str())}));
  c.add("Open311RequestUpdate",
        object({req("update_id", id_string()), req("service_request_id", id_string()),
                req("status", enumeration({"OPEN", "INVESTIGATING", "ACTION_SCHEDULED", "IN_PROGRESS", "FIXED",
                                           "DUPLICATE", "NO_FURTHER_ACTION", "CANCELLED"})),
                req("external_status_code", describe(str(), "the event's state")),
                req("description", describe(str(), "empty in public reads")), req("updated_datetime", time),
                req("media_url", str())}));
  c.add("Open311UpdateCreated", object({req("update_id", id_string())}));
}

}  // namespace wangge::open311
