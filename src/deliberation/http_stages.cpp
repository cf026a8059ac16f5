// Routes of the stages' own records: research notes and surveys (and their responses),
// meetings (scheduled, recorded as held, cancelled), objections during publicity and their
// answers, implementation tasks (and the owner's worklist).
#include "core/dates.h"
#include "core/error.h"
#include "core/hash_list.h"
#include "core/idempotency.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {
namespace {

schema::value hashes_schema() {
  return schema::describe(schema::array(schema::str(64, 64), 9), "attachment hashes (sha256)");
}

}  // namespace

void Service::register_stage_routes(http::Router& router) {
  using namespace schema;
  const std::vector<int> kWrite = {201, 403, 404, 409, 422};
  router.add("POST", "/api/v1/topics/{id}/notes",
             {.summary = "Record research (议前调研): a note, a document, a visit or an interview, with attachments",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .request = object({opt("kind", enumeration(kNoteKinds)), req("body", str(8000, 1)),
                                 opt("attachments", hashes_schema())},
                                closed),
              .response = ref("TopicNote"),
              .statuses = kWrite},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"kind", "body", "attachments"});
               Note n;
               n.kind = json::one_of(body, "kind", kNoteKinds, "note");
               n.body = json::get_string(body, "body", 8000);
               auto files = json::hash_list(body, "attachments", 9);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 n = add_note(tx, ctx, id, n, files);
                 auto names = viewer(tx, ctx, {n.author_id}, true).names;
                 out = json::object{{"id", n.id},
                                    {"kind", n.kind},
                                    {"body", n.body},
                                    {"attachments", boost::json::parse(n.attachments)},
                                    {"author_name", names[n.author_id]},
                                    {"at", json::rfc3339(n.at)}};
               });
               return json::respond(201, out);
             });

  router.add("POST", "/api/v1/topics/{id}/surveys",
             {.summary = "Survey residents during research: single and multiple choice, free text",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .request = object(
                  {req("title", str(100, 1)),
                   req("questions",
                       array(object({req("text", str(200, 1)), req("type", enumeration({"single", "multiple", "text"})),
                                     opt("options", array(str(300, 1), 10))},
                                    closed),
                             20)),
                   opt("closes_at", date_time())},
                  closed),
              .response = ref("Survey"),
              .statuses = kWrite},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"title", "questions", "closes_at"});
               Survey s;
               s.title = json::get_string(body, "title", 100);
               const auto* qs = body.if_contains("questions");
               if (!qs || !qs->is_array()) throw_validation("questions", "an array of questions", "问题应为数组");
               s.questions = json::to_text(*qs);
               s.closes_at = dates::body_instant(body, "closes_at", calendar_, dates::earliest(calendar_),
                                                 dates::latest(calendar_), "2000-2099", "2000-2099 年");
               json::object out;
               db_.write([&](storage::Tx& tx) { out = survey_json(tx, ctx, create_survey(tx, ctx, id, s), true); });
               return json::respond(201, out);
             });

  router.add("GET", "/api/v1/surveys/{id}",
             {.summary = "A survey with its results (to the council always; to others once closed)",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .response = ref("Survey"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto s = store::survey(tx, id);
                 if (!s) throw_not_found("no survey " + std::to_string(id), "问卷 " + std::to_string(id) + " 不存在");
                 Topic t = readable_topic(tx, ctx, s->topic_id);
                 out = survey_json(tx, ctx, *s, manages(ctx, t.council_path) || s->status == "closed");
               });
               return json::respond(200, out);
             });

  router.add("POST", "/api/v1/surveys/{id}/responses",
             {.summary = "Answer a survey (once per account): an option's index, a list of them, or text per question",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .request = object({req("answers", array(any(), 20))}, closed),
              .response = ref("Survey"),
              .statuses = kWrite},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"answers"});
               const auto* a = body.if_contains("answers");
               if (!a || !a->is_array()) throw_validation("answers", "one answer per question", "应逐题作答");
               json::array answers = a->as_array();
               std::optional<Survey> done;
               return idempotency::run(
                   db_, ctx,
                   [&](storage::Tx& tx) {
                     respond(tx, ctx, id, answers);
                     done = store::survey(tx, id);
                   },
                   [&] {
                     json::object out;
                     db_.read([&](storage::Tx& tx) { out = survey_json(tx, ctx, *done, false); });
                     return idempotency::Reply{201, json::to_text(out)};
                   });
             });

  router.add("POST", "/api/v1/surveys/{id}/close",
             {.summary = "Close a survey: no more responses",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .response = ref("Survey"),
              .statuses = {200, 403, 404, 409}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.write([&](storage::Tx& tx) { out = survey_json(tx, ctx, close_survey(tx, ctx, id), true); });
               return json::respond(200, out);
             });

  register_meeting_routes(router);
  register_outcome_routes(router);
}

}  // namespace wangge::deliberation
