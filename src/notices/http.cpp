// Routes of notices: draft or publish one, list them (feed: what is in force on the
// caller's line, newest first; manage: what the caller publishes, drafts included; by
// kind, topic, must-read, unread, words), read one (the receipt is a POST of its own),
// change, publish, withdraw.
#include "core/dates.h"
#include "core/error.h"
#include "core/hash_list.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "notices/service.h"
#include "notices/store.h"
#include "territory/service.h"

namespace wangge::notices {
namespace {

schema::value notice_body(bool creating) {
  using namespace schema;
  std::vector<Field> f = {
      creating ? req("region_code", describe(str(24, 1), "published to this node and everything under it"))
               : req("version", integer(1)),
      opt("kind", enumeration(kKinds)),
      opt("topic", describe(str(50), "a policy's field: 社保, 医保, 就业 ...")),
      creating ? req("title", str(200, 1)) : opt("title", str(200, 1)),
      creating ? req("body", str(20000, 1)) : opt("body", str(20000, 1)),
      opt("attachments", describe(array(str(64, 64), 20), "attachment hashes: documents, images, audio, video")),
      opt("must_read", describe(boolean(), "staff must read it: it goes to their inboxes")),
      opt("valid_from", nullable(date_time())),
      opt("valid_until", nullable(date_time()))};
  if (creating) f.push_back(opt("publish", describe(boolean(), "publish at once (default: keep a draft)")));
  return object(f, closed);
}

}  // namespace

void Service::register_notice_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "POST", "/api/v1/notices",
      {.summary = "Draft a notice or policy for a territory subtree, or publish it at once (Idempotency-Key)",
       .tag = "notices",
       .permission = "notices:notice:write",
       .request = notice_body(true),
       .response = ref("Notice"),
       .statuses = {201, 403, 409, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"region_code", "kind", "topic", "title", "body", "attachments", "must_read",
                                "valid_from", "valid_until", "publish"});
        Notice n;
        n.region_code = json::get_string(body, "region_code", 24);
        n.kind = json::one_of(body, "kind", kKinds, "notice");
        n.topic = json::opt_string(body, "topic", 50).value_or("");
        n.title = json::get_string(body, "title", 200);
        n.body = json::get_string(body, "body", 20000);
        n.attachments = json::hash_list(body, "attachments", 20);
        n.must_read = json::opt_bool(body, "must_read").value_or(false);
        for (auto [key, field] : {std::pair{"valid_from", &n.valid_from}, std::pair{"valid_until", &n.valid_until}})
          *field = dates::body_instant(body, key, calendar_, dates::earliest(calendar_), dates::latest(calendar_),
                                       "2000-2099", "2000-2099 年");
        bool now = json::opt_bool(body, "publish").value_or(false);
        return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
          n = create(tx, ctx, n, now);
          auto out = notice_json(n, store::read_at(tx, n.id, ctx.user().user_id), true, names(tx, {n.author_id}), true);
          return idempotency::Reply{201, json::to_text(out)};
        });
      });

  router.add("GET", "/api/v1/notices",
             {.summary = "Notices: in force on the caller's line (feed), or those the caller publishes (manage)",
              .tag = "notices",
              .permission = "notices:notice:read",
              .query = {{"view",
                         "feed (default): published and in force where the caller lives or works; manage: "
                         "within the scope the caller publishes to, drafts and withdrawn ones too; all: "
                         "published on the caller's line, expired ones too"},
                        {"kind", "notice or policy"},
                        {"topic", "a policy's field"},
                        {"must_read", "true or false"},
                        {"unread", "true: those the caller has not read"},
                        {"q", "words in the title or body"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 20"}},
              .response = page_of(ref("Notice")),
              .statuses = {200, 400, 403}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               const Principal& u = ctx.user();
               std::string view(req.query_param("view").value_or("feed"));
               store::Filter f;
               if (view == "manage") {
                 f.within = u.scope("notices:notice:write");
                 if (f.within.empty()) throw Error("forbidden", {}, "you publish no notices", "您没有发布通知的权限");
               } else if (view == "feed" || view == "all") {
                 f.within = f.line = u.scope("notices:notice:read");
                 f.statuses = {"published"};
                 if (view == "feed") f.valid_at = storage::now_ms();
               } else {
                 throw Error("invalid_query", "view", "feed, all or manage", "应为 feed、all 或 manage");
               }
               if (auto k = req.query_param("kind")) {
                 if (*k != "notice" && *k != "policy")
                   throw Error("invalid_query", "kind", "notice or policy", "应为 notice 或 policy");
                 f.kind = std::string(*k);
               }
               if (auto t = req.query_param("topic")) f.topic = std::string(*t);
               if (auto m = req.query_param("must_read")) f.must_read = *m == "true";
               if (req.query_param("unread").value_or("") == "true") f.unread_by = u.user_id;
               if (auto q = req.query_param("q")) f.q = std::string(*q);
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 20);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::notices(tx, f);
                 std::vector<std::int64_t> ids, authors;
                 for (const auto& n : rows) ids.push_back(n.id), authors.push_back(n.author_id);
                 auto read = store::read_of(tx, u.user_id, ids);
                 auto who = names(tx, authors);
                 page = paging::page(
                     rows, limit,
                     [&](const Notice& n) {
                       auto at = read.find(n.id);
                       return notice_json(n, at == read.end() ? std::nullopt : std::optional<std::int64_t>(at->second),
                                          u.can("notices:receipt:read", n.region_path), who, false);
                     },
                     [](const Notice& n) { return std::to_string(n.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/notices/{id}",
             {.summary = "A notice, whole, with the caller's receipt (and its read rate for those who see receipts)",
              .tag = "notices",
              .permission = "notices:notice:read",
              .response = ref("Notice"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto n = readable(tx, ctx, id);
                 out =
                     notice_json(n, store::read_at(tx, id, ctx.user().user_id),
                                 ctx.user().can("notices:receipt:read", n.region_path), names(tx, {n.author_id}), true);
               });
               return json::respond(200, out);
             });

  router.add("POST", "/api/v1/notices/{id}/read",
             {.summary = "The caller has read the notice (its receipt, kept once)",
              .tag = "notices",
              .permission = "notices:notice:read",
              .response = ref("Notice"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto n = mark_read(tx, ctx, id);
                 out = notice_json(n, store::read_at(tx, id, ctx.user().user_id),
                                   ctx.user().can("notices:receipt:read", n.region_path), names(tx, {n.author_id}),
                                   false);
               });
               return json::respond(200, out);
             });

  router.add(
      "PATCH", "/api/v1/notices/{id}",
      {.summary = "Change a draft, or a published notice's end of validity",
       .tag = "notices",
       .permission = "notices:notice:write",
       .request = notice_body(false),
       .response = ref("Notice"),
       .statuses = {200, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"version", "kind", "topic", "title", "body", "attachments", "must_read", "valid_from",
                                "valid_until"});
        json::object out;
        db_.write([&](storage::Tx& tx) { out = notice_json(update(tx, ctx, id, body), std::nullopt, true, {}, true); });
        return json::respond(200, out);
      });

  for (bool publishing : {true, false})
    router.add("POST", std::string("/api/v1/notices/{id}/") + (publishing ? "publish" : "withdraw"),
               {.summary = publishing ? "Publish a draft: the staff it reaches become its recipients (told when it "
                                        "must be read)"
                                      : "Withdraw a notice, with the reason",
                .tag = "notices",
                .permission = "notices:notice:write",
                .request = publishing ? object({req("version", integer(1))}, closed)
                                      : object({req("version", integer(1)), req("reason", str(500, 1))}, closed),
                .response = ref("Notice"),
                .statuses = {200, 403, 404, 409, 422}},
               [this, publishing](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 auto body = json::parse_body(ctx.req());
                 if (publishing)
                   json::allow_only(body, {"version"});
                 else
                   json::allow_only(body, {"version", "reason"});
                 auto version = json::get_int(body, "version");
                 json::object out;
                 db_.write([&](storage::Tx& tx) {
                   auto n = publishing ? publish(tx, ctx, id, version)
                                       : withdraw(tx, ctx, id, version, json::get_string(body, "reason", 500));
                   out = notice_json(n, std::nullopt, true, {}, true);
                 });
                 return json::respond(200, out);
               });
}

}  // namespace wangge::notices
