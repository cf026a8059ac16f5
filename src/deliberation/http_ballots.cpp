// Routes of ballots: open one on a topic (its electorate, secrecy, quorum and threshold),
// the ballots open to the caller, read one with the caller's entry, vote (once, under the
// Idempotency-Key), count paper ballots in, close and freeze the count, and the register
// (the council only; each read audited, for it names residents).
#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {

void Service::register_ballot_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "POST", "/api/v1/topics/{id}/ballots",
      {.summary = "Open a ballot on a topic: the electorate is copied into its register as it opens",
       .tag = "deliberation",
       .permission = "deliberation:topic:manage",
       .request = object(
           {req("question", str(500, 1)),
            opt("kind", describe(enumeration(kBallotKinds), "approve (同意/不同意, default) or choose one option")),
            opt("options", describe(array(str(100, 1), 20), "choose: 2-20 options")),
            req("electorate", describe(enumeration(kElectorates),
                                       "council: its members; residents: adults living under the node; households: "
                                       "one vote per household")),
            opt("electorate_code", describe(str(24, 1), "the node (default: the council's)")),
            opt("secret", describe(boolean(), "no link kept between a voter and a choice")),
            opt("quorum", describe(enumeration(kQuorums),
                                   "default: more_than_half, two_thirds for households (the organic laws)")),
            opt("threshold", enumeration(kThresholds)), opt("base", enumeration(kBases)), opt("meeting_id", id()),
            opt("closes_at", date_time())},
           closed),
       .response = ref("Ballot"),
       .statuses = {201, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"question", "kind", "options", "electorate", "electorate_code", "secret", "quorum",
                                "threshold", "base", "meeting_id", "closes_at"});
        Ballot b;
        b.question = json::get_string(body, "question", 500);
        b.kind = json::one_of(body, "kind", kBallotKinds, "approve");
        if (const auto* o = body.if_contains("options"); o && o->is_array()) {
          for (const auto& x : o->as_array()) {
            if (!x.is_string() || x.as_string().empty() || x.as_string().size() > 300)
              throw_validation("options", "non-empty texts", "选项不能为空");
            std::string text(x.as_string());
            if (std::find(b.options.begin(), b.options.end(), text) != b.options.end())
              throw_validation("options", "different options", "选项不能重复");
            b.options.push_back(text);
          }
        }
        b.electorate = json::one_of(body, "electorate", kElectorates);
        b.electorate_code = json::opt_string(body, "electorate_code", 24).value_or("");
        b.secret = json::opt_bool(body, "secret").value_or(false);
        // 村民委员会组织法 §22: 过半数 of adults or 三分之二以上 of households take part;
        // 城市居民委员会组织法 §12: decisions by more than half of those present.
        b.quorum =
            json::one_of(body, "quorum", kQuorums, b.electorate == "households" ? "two_thirds" : "more_than_half");
        b.threshold = json::one_of(body, "threshold", kThresholds, "majority");
        b.base = json::one_of(body, "base", kBases, "present");
        b.meeting_id = json::opt_int(body, "meeting_id");
        b.closes_at = dates::body_instant(body, "closes_at", calendar_, dates::earliest(calendar_),
                                          dates::latest(calendar_), "2000-2099", "2000-2099 年");
        json::object out;
        db_.write([&](storage::Tx& tx) { out = ballot_json(open_ballot(tx, ctx, id, b), std::nullopt); });
        return json::respond(201, out);
      });

  router.add("GET", "/api/v1/ballots/{id}",
             {.summary = "A ballot, its count once frozen, and the caller's entry on its register",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .response = ref("Ballot"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto b = store::ballot(tx, id);
                 if (!b) throw_not_found("no ballot " + std::to_string(id), "表决 " + std::to_string(id) + " 不存在");
                 readable_topic(tx, ctx, b->topic_id);
                 out = ballot_json(*b, my_entry(tx, ctx, *b));
               });
               return json::respond(200, out);
             });

  router.add("POST", "/api/v1/ballots/{id}/vote",
             {.summary = "Vote (once per voter, or per household): an option's index, or null to abstain",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .request = object({req("option", nullable(integer(0, 19)))}, closed),
              .response = ref("BallotVoter"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"option"});
               const auto* o = body.if_contains("option");
               if (!o)
                 throw_validation("option", "an option's index, or null to abstain", "请选择表决选项，弃权为 null");
               std::optional<int> choice;
               if (!o->is_null()) {
                 if (!o->is_int64() || o->as_int64() < 0 || o->as_int64() > 19)
                   throw_validation("option", "an option's index, or null to abstain", "请选择表决选项，弃权为 null");
                 choice = static_cast<int>(o->as_int64());
               }
               return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 return idempotency::Reply{201, json::to_text(voter_json(vote(tx, ctx, id, choice)))};
               });
             });

  router.add(
      "POST", "/api/v1/ballots/{id}/paper",
      {.summary = "Count paper ballots in (画钩): open ballots name each voter's choice; secret ones the "
                  "voters who handed one in and the box's tallies",
       .tag = "deliberation",
       .permission = "deliberation:topic:manage",
       .request = object(
           {opt("votes", array(object({req("voter_id", id()), req("option", nullable(integer(0)))}, closed), 1000)),
            opt("voter_ids", array(id(), 1000)), opt("tallies", array(integer(0), 20)), opt("abstained", integer(0))},
           closed),
       .response = ref("Ballot"),
       .statuses = {200, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::object out;
        db_.write([&](storage::Tx& tx) { out = ballot_json(record_paper(tx, ctx, id, body), std::nullopt); });
        return json::respond(200, out);
      });

  router.add("POST", "/api/v1/ballots/{id}/close",
             {.summary = "Close a ballot: the server counts it against its quorum and threshold and freezes the result",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .request = object({req("version", integer(1))}, closed),
              .response = ref("Ballot"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version"});
               auto version = json::get_int(body, "version");
               json::object out;
               db_.write([&](storage::Tx& tx) { out = ballot_json(close_ballot(tx, ctx, id, version), std::nullopt); });
               return json::respond(200, out);
             });

  router.add("GET", "/api/v1/ballots/{id}/register",
             {.summary = "A ballot's register: who may vote and whether they have (the council only)",
              .tag = "deliberation",
              .permission = "deliberation:topic:manage",
              .query = {{"voted", "true or false"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-500, default 100"}},
              .response = page_of(ref("BallotVoter")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               const auto& req = ctx.req();
               std::optional<bool> voted;
               if (auto v = req.query_param("voted")) voted = *v == "true";
               std::optional<std::int64_t> after;
               if (auto c = req.query_param("cursor")) {
                 after = json::parse_id(*c);
                 if (!after)
                   throw Error("invalid_query", "cursor", "next_cursor of a previous page", "应为上一页的 next_cursor");
               }
               auto limit = static_cast<int>(json::query_int(req, "limit", 1, 500).value_or(100));
               json::object page;
               db_.write([&](storage::Tx& tx) {
                 auto b = store::ballot(tx, id);
                 if (!b) throw_not_found("no ballot " + std::to_string(id), "表决 " + std::to_string(id) + " 不存在");
                 managed_topic(tx, ctx, b->topic_id);
                 auto rows = store::register_page(tx, id, voted, after, limit + 1);
                 json::array items;
                 for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(limit); ++i)
                   items.push_back(voter_json(rows[i]));
                 page = json::object{{"items", items}};
                 page["next_cursor"] = rows.size() > static_cast<std::size_t>(limit)
                                           ? json::value(std::to_string(rows[static_cast<std::size_t>(limit) - 1].id))
                                           : json::value(nullptr);
                 audit::append(tx, audit::entry(ctx, "deliberation:ballot:register", "ballot:" + std::to_string(id),
                                                json::object{{"rows", static_cast<std::int64_t>(items.size())}}));
               });
               return json::respond(200, page);
             });
}

}  // namespace wangge::deliberation
