// Routes of topics: propose one (or raise it from an event or a visit) under its
// Idempotency-Key, list those the caller reaches (all, mine, supported; by council, stage
// and title), read one with everything its six steps recorded and the steps the caller may
// take, support it, and one POST per row of the topic table.
#include "core/error.h"
#include "core/flow.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {
namespace {

schema::value propose_schema() {
  using namespace schema;
  return object(
      {req("council_id", id()), opt("title", describe(str(100, 1), "required unless raised from a record")),
       opt("description", str(4000)),
       opt("region_code", describe(str(24, 1), "the place it concerns: the council's node (default) or below")),
       opt("unit_name", describe(str(100), "a unit's proposal (单位提议): the unit")),
       opt("source", describe(enumeration({"event", "visit"}), "raised from an event or a household visit")),
       opt("source_id", describe(id(), "the event's or visit's id"))},
      closed);
}

}  // namespace

void Service::register_topic_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/topics",
             {.summary = "Propose a topic (收集议题), or raise one from an event or a visit in one step",
              .tag = "deliberation",
              .permission = "deliberation:topic:propose",
              .request = propose_schema(),
              .response = ref("Topic"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(
                   body, {"council_id", "title", "description", "region_code", "unit_name", "source", "source_id"});
               Proposal p;
               p.council_id = json::get_int(body, "council_id");
               p.title = json::opt_string(body, "title", 100).value_or("");
               p.description = json::opt_string(body, "description", 4000).value_or("");
               p.region_code = json::opt_string(body, "region_code", 24).value_or("");
               p.unit_name = json::opt_string(body, "unit_name", 100).value_or("");
               p.source_id = json::opt_int(body, "source_id");
               static constexpr const char* kRaised[] = {"event", "visit"};
               if (p.source_id)
                 p.source = json::one_of(body, "source", kRaised);
               else if (body.contains("source"))
                 throw_validation("source_id", "the record's id", "请填写记录编号");
               std::optional<Topic> done;
               return idempotency::run(
                   db_, ctx, [&](storage::Tx& tx) { done = propose(tx, ctx, p); },
                   [&] {
                     json::object out;
                     db_.read([&](storage::Tx& tx) {
                       out = topic_json(*done, viewer(tx, ctx, {done->proposer_id}, manages(ctx, done->council_path)));
                     });
                     return idempotency::Reply{201, json::to_text(out)};
                   });
             });

  router.add("GET", "/api/v1/topics",
             {.summary = "Topics the caller reaches: all, mine (proposed) or supported; by council, stage, title",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .query = {{"view", "all (default), mine, supported"},
                        {"council_id", "one council's"},
                        {"status", "comma-separated states"},
                        {"q", "words in the title"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = page_of(all_of({ref("Topic"), object({req("supported", boolean())})})),
              .statuses = {200, 400, 403}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::TopicFilter f;
               f.within = f.line = ctx.user().scope("deliberation:topic:read");
               std::string view(req.query_param("view").value_or("all"));
               if (view == "mine")
                 f.proposer_id = ctx.user().user_id;
               else if (view == "supported")
                 f.supporter_id = ctx.user().user_id;
               else if (view != "all")
                 throw Error("invalid_query", "view", "all, mine or supported", "应为 all、mine 或 supported");
               if (auto c = req.query_param("council_id")) {
                 f.council_id = json::parse_id(*c);
                 if (!f.council_id) throw Error("invalid_query", "council_id", "a council id", "应为议事会编号");
               }
               if (auto s = req.query_param("status")) {
                 for (auto& st : json::split_list(*s)) {
                   if (std::find(std::begin(kTopicStates), std::end(kTopicStates), st) == std::end(kTopicStates))
                     throw Error("invalid_query", "status", "states of the topic table", "应为议题状态");
                   f.statuses.push_back(st);
                 }
               }
               if (auto q = req.query_param("q")) f.q = std::string(*q);
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::topics(tx, f);
                 std::vector<std::int64_t> ids;
                 for (const auto& t : rows) ids.push_back(t.proposer_id);
                 // Names whole only on the council's own page (each topic's council checked).
                 Viewer whole = viewer(tx, ctx, ids, true);
                 Viewer masked = whole;
                 masked.council = false;
                 std::vector<std::int64_t> topic_ids;
                 for (const auto& t : rows) topic_ids.push_back(t.id);
                 auto supported = store::supported_of(tx, ctx.user().user_id, topic_ids);
                 page = paging::page(
                     rows, limit,
                     [&](const Topic& t) {
                       auto o = topic_json(t, manages(ctx, t.council_path) ? whole : masked);
                       o["supported"] = std::find(supported.begin(), supported.end(), t.id) != supported.end();
                       return o;
                     },
                     [](const Topic& t) { return std::to_string(t.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/topics/{id}",
             {.summary = "A topic with its six steps' records (timeline, research, surveys, meetings, ballots, "
                         "objections, tasks) and the steps the caller may take",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .response = ref("TopicDetail"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) { out = topic_detail(tx, ctx, id); });
               return json::respond(200, out);
             });

  for (bool on : {true, false})
    router.add(on ? "POST" : "DELETE", "/api/v1/topics/{id}/support",
               {.summary = on ? "Support a topic being collected (附议)" : "Withdraw one's support",
                .tag = "deliberation",
                .permission = "deliberation:topic:propose",
                .response = ref("Topic"),
                .statuses = {200, 403, 404, 409}},
               [this, on](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 json::object out;
                 db_.write([&](storage::Tx& tx) {
                   auto t = support(tx, ctx, id, on);
                   out = topic_json(t, viewer(tx, ctx, {t.proposer_id}, manages(ctx, t.council_path)));
                 });
                 return json::respond(200, out);
               });

  for (const auto& row : topic_transitions()) {
    const auto* t = &row;
    router.add(
        "POST", "/api/v1/topics/{id}/" + std::string(t->action),
        {.summary = std::string(t->name_en) + " (" + std::string(t->name_zh) + "), by the " +
                    std::string(topic_actor_name(t->actor)),
         .tag = "deliberation",
         .permission = t->actor == TopicActor::council ? "deliberation:topic:manage" : "deliberation:topic:propose",
         .request = topic_step_input(*t),
         .response = ref("Topic"),
         .statuses = {200, 403, 404, 409, 422, 428}},
        [this, t](Context& ctx) {
          auto id = json::path_id(ctx.req(), "id");
          auto body = json::parse_body(ctx.req());
          auto version = flow::expected_version(ctx, body);
          json::object out;
          db_.write([&](storage::Tx& tx) {
            auto topic = act_on_topic(tx, ctx, id, *t, version, body);
            out = topic_json(topic, viewer(tx, ctx, {topic.proposer_id}, manages(ctx, topic.council_path)));
          });
          return json::respond(200, out);
        });
  }
}

}  // namespace wangge::deliberation
