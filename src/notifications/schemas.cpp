// The JSON Schemas of the notifications module's answers (http.cpp renders them):
// published in /api/openapi.json, checked against every answer in the tests
// (Config::check_contracts).
#include "notifications/notifications.h"

namespace wangge::notifications {

using namespace schema;

void register_schemas(Components& c) {
  c.add(
      "Notification",
      object({req("id", id()), req("at", date_time()), req("kind", describe(str(), "e.g. event.dispatched")),
              req("event_id", nullable(id())), req("title_zh", str()), req("title_en", str()),
              req("read_at", describe(nullable(date_time()), "null while unread")),
              req("record", describe(nullable(str()), "another record it is about: \"order:12\" (a service order)"))}));
  c.add("NotificationInbox",
        object({req("items", array(ref("Notification"))), req("next_cursor", nullable(str())),
                req("unread", describe(integer(0), "the caller's unread notifications, of every page"))}));
}

}  // namespace wangge::notifications
