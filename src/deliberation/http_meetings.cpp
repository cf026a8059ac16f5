// Routes of meetings (scheduled with their participants, recorded as held with who
// attended and the minutes, cancelled), of objections during publicity and their answers,
// and of implementation tasks (set, done, the owner's worklist).
#include "core/dates.h"
#include "core/error.h"
#include "core/hash_list.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {

void Service::register_meeting_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/topics/{id}/meetings",
             {.summary = "Schedule a meeting on a topic (协商议事): its type, time, place, the options put to it and "
                         "its participants by group (all_members: every current member of the council)",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .request = object(
                  {req("kind", enumeration(kMeetingKinds)), req("starts_at", date_time()), req("place", str(200, 1)),
                   opt("options", array(str(300, 1), 20)), opt("all_members", boolean()),
                   opt("participants", array(object({opt("member_id", id()), opt("group", enumeration(kGroups)),
                                                     opt("name", str(50, 1)), opt("unit", str(100))},
                                                    closed),
                                             500))},
                  closed),
              .response = ref("Meeting"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"kind", "starts_at", "place", "options", "all_members", "participants"});
               Meeting m;
               m.kind = json::one_of(body, "kind", kMeetingKinds);
               auto at = dates::body_instant(body, "starts_at", calendar_, dates::earliest(calendar_),
                                             dates::latest(calendar_), "2000-2099", "2000-2099 年");
               if (!at) throw_validation("starts_at", "the meeting's time", "请填写会议时间");
               m.starts_at = *at;
               m.place = json::get_string(body, "place", 200);
               json::array options;
               if (const auto* o = body.if_contains("options"); o && o->is_array()) options = o->as_array();
               m.options = json::to_text(options);
               json::array people;
               if (const auto* p = body.if_contains("participants"); p && p->is_array()) people = p->as_array();
               bool all = json::opt_bool(body, "all_members").value_or(false);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 if (all) {
                   auto t = readable_topic(tx, ctx, id);
                   for (const auto& mem : store::members(tx, t.council_id, false)) {
                     bool listed = false;
                     for (const auto& x : people)
                       listed = listed || (x.is_object() && json::opt_int(x.as_object(), "member_id") == mem.id);
                     if (!listed) people.push_back(json::object{{"member_id", mem.id}});
                   }
                 }
                 m = schedule_meeting(tx, ctx, id, m, people);
                 out = meeting_json(m, store::participants(tx, m.id));
               });
               return json::respond(201, out);
             });

  router.add("POST", "/api/v1/meetings/{id}/record",
             {.summary = "Record a meeting as held: who attended (participant ids) and the minutes",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .request = object(
                  {req("version", integer(1)), req("record", str(20000, 1)), req("present", array(id(), 500))}, closed),
              .response = ref("Meeting"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "record", "present"});
               auto version = json::get_int(body, "version");
               auto minutes = json::get_string(body, "record", 20000);
               std::vector<std::int64_t> present;
               const auto* p = body.if_contains("present");
               if (!p || !p->is_array()) throw_validation("present", "the participants who attended", "请勾选出席人员");
               for (const auto& x : p->as_array()) {
                 if (!x.is_int64()) throw_validation("present", "participant ids", "应为参会人员编号");
                 present.push_back(x.as_int64());
               }
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto m = record_meeting(tx, ctx, id, version, minutes, present);
                 out = meeting_json(m, store::participants(tx, m.id));
               });
               return json::respond(200, out);
             });

  router.add("POST", "/api/v1/meetings/{id}/cancel",
             {.summary = "Cancel a scheduled meeting, with the reason",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .request = object({req("reason", str(500, 1))}, closed),
              .response = ref("Meeting"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason"});
               auto reason = json::get_string(body, "reason", 500);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto m = cancel_meeting(tx, ctx, id, reason);
                 out = meeting_json(m, store::participants(tx, m.id));
               });
               return json::respond(200, out);
             });
}

void Service::register_outcome_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/topics/{id}/objections",
             {.summary = "Object to a decision while it is published (公示期异议)",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .request = object({req("body", str(2000, 1))}, closed),
              .response = ref("TopicObjection"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"body"});
               auto text = json::get_string(body, "body", 2000);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto o = raise_objection(tx, ctx, id, text);
                 out = objection_json(o, viewer(tx, ctx, {o.user_id}, false));
               });
               return json::respond(201, out);
             });

  router.add("POST", "/api/v1/topic-objections/{id}/answer",
             {.summary = "Answer an objection",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .request = object({req("answer", str(2000, 1))}, closed),
              .response = ref("TopicObjection"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"answer"});
               auto text = json::get_string(body, "answer", 2000);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto o = answer_objection(tx, ctx, id, text);
                 out = objection_json(o, viewer(tx, ctx, {o.user_id}, true));
               });
               return json::respond(200, out);
             });

  router.add("POST", "/api/v1/topics/{id}/tasks",
             {.summary = "Set an implementation task (研究落实): its owner and deadline",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .request = object(
                  {req("title", str(200, 1)), req("owner_name", str(100, 1)),
                   opt("owner_username", describe(str(64), "the account that reports it done")), req("due_on", date())},
                  closed),
              .response = ref("TopicTask"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"title", "owner_name", "owner_username", "due_on"});
               Task t;
               t.title = json::get_string(body, "title", 200);
               t.owner_name = json::get_string(body, "owner_name", 100);
               std::string today = format_day(calendar_.day_of(storage::now_ms()));
               t.due_on = dates::body_day(body, "due_on", "", today, true);
               if (t.due_on.empty()) throw_validation("due_on", "the deadline", "请填写完成期限");
               if (t.due_on < today) throw_validation("due_on", "today or later", "完成期限不能早于今天");
               auto owner = json::opt_string(body, "owner_username", 64);
               db_.write([&](storage::Tx& tx) { t = add_task(tx, ctx, id, t, owner); });
               return json::respond(201, task_json(t));
             });

  router.add(
      "POST", "/api/v1/topic-tasks/{id}/done",
      {.summary = "Report a task done, with its result and photos (its owner, or the council)",
       .tag = "deliberation",
       .permission = "deliberation:topic:read",
       .request = object(
           {req("version", integer(1)), req("result", str(2000, 1)), opt("photos", array(str(64, 64), 9))}, closed),
       .response = ref("TopicTask"),
       .statuses = {200, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"version", "result", "photos"});
        auto version = json::get_int(body, "version");
        auto result = json::get_string(body, "result", 2000);
        auto photos = json::hash_list(body, "photos", 9);
        Task t;
        db_.write([&](storage::Tx& tx) { t = finish_task(tx, ctx, id, version, result, photos); });
        return json::respond(200, task_json(t));
      });

  router.add("GET", "/api/v1/topic-tasks",
             {.summary = "The caller's open implementation tasks, soonest deadline first",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .response = object({req("items", array(ref("TopicTask")))}),
              .statuses = {200, 403}},
             [this](Context& ctx) {
               json::array items;
               db_.read([&](storage::Tx& tx) {
                 for (const auto& t : store::tasks_of_owner(tx, ctx.user().user_id, 200)) items.push_back(task_json(t));
               });
               return json::respond(200, json::object{{"items", items}});
             });
}

}  // namespace wangge::deliberation
