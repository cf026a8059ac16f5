// HTTP routes of the notifications module: the caller's inbox and the live stream.
#include "core/error.h"
#include "core/json.h"
#include "core/paging.h"
#include "notifications/notifications.h"
#include "notifications/store.h"

namespace wangge::notifications {

json::object notification_json(const store::Notification& n) {
  return json::object{{"id", n.id},
                      {"at", json::rfc3339(n.at)},
                      {"kind", n.kind},
                      {"event_id", n.event_id ? json::value(*n.event_id) : json::value(nullptr)},
                      {"title_zh", n.title_zh},
                      {"title_en", n.title_en},
                      {"read_at", n.read_at ? json::value(json::rfc3339(*n.read_at)) : json::value(nullptr)},
                      {"record", n.record ? json::value(*n.record) : json::value(nullptr)}};
}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  router.add("GET", "/api/v1/notifications",
             {.summary = "The caller's inbox, newest first",
              .tag = "notifications",
              .query = {{"unread", "true: only unread"}, {"cursor", "next_cursor"}, {"limit", "1..200, default 50"}},
              .response = schema::ref("NotificationInbox")},
             [this](Context& ctx) {
               int limit = paging::limit(ctx.req(), 200, 50);
               auto before = paging::id_cursor(ctx.req());
               bool unread = ctx.req().query_param("unread").value_or("") == "true";
               Inbox in = inbox(ctx.user().user_id, unread, before, limit + 1);
               json::object out = paging::page(in.rows, limit, notification_json,
                                               [](const store::Notification& n) { return std::to_string(n.id); });
               out["unread"] = in.unread;
               return json::respond(200, out);
             });
  router.add("POST", "/api/v1/notifications/{id}/read",
             {.summary = "Mark one notification read", .tag = "notifications", .statuses = {204, 404}},
             [this](Context& ctx) {
               std::int64_t n = json::path_id(ctx.req(), "id");
               if (!mark_read(ctx.user().user_id, n))
                 throw_not_found("no notification " + std::to_string(n), "通知不存在");
               return http::Response::no_content();
             });
  router.add("POST", "/api/v1/notifications/read-all",
             {.summary = "Mark every notification of the caller read", .tag = "notifications", .statuses = {204}},
             [this](Context& ctx) {
               mark_all_read(ctx.user().user_id);
               return http::Response::no_content();
             });
  router.add("GET", "/api/v1/stream",
             {.summary = "Live updates (text/event-stream): changed events the caller may see, and inbox hints",
              .tag = "notifications",
              .load = http::Load::stream},
             [this](Context& ctx) {
               Subscriber s;
               s.principal = ctx.principal();
               if (departments_of) s.departments = departments_of(ctx);
               s.stream = std::make_shared<http::EventStream>();
               s.stream->push("hello", json::to_text(json::object{{"user_id", ctx.user().user_id}}));
               subscribe(s);
               http::Response r;
               r.status = 200;
               r.content_type = "text/event-stream";
               r.stream = s.stream;
               return r;
             });
}

}  // namespace wangge::notifications
