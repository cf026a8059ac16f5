// Routes of a carer's work: record a visit to a household in their care (with the 六提六知
// checklist where the community asks for it), read an assignment's visits, and the
// worklist: the households in a member's care by due date, overdue first.
#include "core/dates.h"
#include "core/error.h"
#include "core/hash_list.h"
#include "core/paging.h"
#include "teams/service.h"
#include "teams/store.h"

namespace wangge::teams {
namespace {

// A worklist cursor "due_at_id" (the last row's), nullopt when absent; 400 when malformed.
std::optional<std::pair<std::int64_t, std::int64_t>> work_cursor(const http::Request& req) {
  auto c = req.query_param("cursor");
  if (!c) return std::nullopt;
  auto cut = c->find('_');
  std::optional<std::int64_t> due, id;
  if (cut != std::string::npos) {
    due = json::parse_id(c->substr(0, cut));
    id = json::parse_id(c->substr(cut + 1));
  }
  if (!due || !id) throw Error("invalid_query", "cursor", "next_cursor of a previous page", "应为上一页的 next_cursor");
  return std::make_pair(*due, *id);
}

}  // namespace

void Service::register_work_routes(http::Router& router) {
  using namespace schema;
  value item = object({req("done", boolean()), opt("note", str(500))}, closed);
  std::vector<Field> items;
  for (const auto& i : kChecklist) items.push_back(opt(std::string(i.key), describe(item, i.name_zh)));
  router.add("POST", "/api/v1/care-assignments/{id}/visits",
             {.summary = "Record a visit to a household in care (入户走访), by its carer or the community's staff: "
                         "kept in the registry and counted for the carer's month",
              .tag = "teams",
              .permission = "",
              .request = object(
                  {req("findings", str(2000, 1)), opt("visited_at", describe(nullable(date_time()), "default: now")),
                   opt("photos", describe(nullable(array(str(64, 64), 9)), "attachment hashes")),
                   opt("checklist", describe(nullable(object(items, closed)),
                                             "六提六知: every item when the "
                                             "community asks for it"))},
                  closed),
              .response = ref("CareVisit"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"findings", "visited_at", "photos", "checklist"});
               VisitInput in;
               in.findings = json::get_string(body, "findings", 2000);
               in.visited_at = dates::body_instant(body, "visited_at", calendar_, dates::earliest(calendar_),
                                                   storage::now_ms() + 5 * 60'000, "2000 to now", "2000 年至当前时间");
               in.photos = json::hash_list(body, "photos", 9);
               if (const auto* c = body.if_contains("checklist"); c && !c->is_null()) {
                 if (!c->is_object()) throw_validation("checklist", "an object of items", "应为各项的对象");
                 in.checklist = c->as_object();
               }
               CareVisit v;
               std::map<std::int64_t, std::string> who;
               db_.write([&](storage::Tx& tx) {
                 v = record_visit(tx, ctx, id, in);
                 who = names(tx, {ctx.user().user_id});
               });
               return json::respond(201, visit_json(v, who));
             });

  router.add("GET", "/api/v1/care-assignments/{id}/visits",
             {.summary = "The visits to a household in care, newest first (its carer or the staff over it)",
              .tag = "teams",
              .permission = "",
              .query = {{"cursor", "next_cursor of the previous page"}, {"limit", "1-100, default 20"}},
              .response = page_of(ref("CareVisit")),
              .statuses = {200, 400, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto before = paging::id_cursor(ctx.req());
               int limit = paging::limit(ctx.req(), 100, 20);
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 readable_assignment(tx, ctx, id);
                 auto rows = store::visits_of(tx, id, before, limit + 1);
                 std::vector<std::int64_t> carers;
                 for (const auto& v : rows)
                   if (v.carer_id) carers.push_back(*v.carer_id);
                 auto who = names(tx, carers);
                 page = paging::page(
                     rows, limit, [&](const CareVisit& v) { return visit_json(v, who); },
                     [](const CareVisit& v) { return std::to_string(v.id); });
               });
               return json::respond(200, page);
             });

  router.add(
      "GET", "/api/v1/care/worklist",
      {.summary = "A carer's worklist: the households in their care by due date, overdue first (member=me: the "
                  "caller's own entries)",
       .tag = "teams",
       .permission = "",
       .query = {{"member", "me (default) or a team entry's id"},
                 {"cursor", "next_cursor of the previous page"},
                 {"limit", "1-500, default 100"}},
       .response = object({req("members", array(object({req("id", id()), req("name", str()),
                                                        req("post", enumeration(kPosts)), req("region_code", str())}))),
                           req("items", array(ref("CareAssignment"))), req("next_cursor", nullable(str()))}),
       .statuses = {200, 400, 404}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        std::string who = req.query_param("member").value_or("me");
        std::optional<std::int64_t> member;
        if (who != "me") {
          member = json::parse_id(who);
          if (!member) throw Error("invalid_query", "member", "me or a team entry's id", "应为 me 或网格小组成员编号");
        }
        auto after = work_cursor(req);
        int limit = paging::limit(req, 500, 100);
        json::object out;
        db_.read([&](storage::Tx& tx) {
          std::vector<Member> entries;
          if (member) {
            auto m = store::member(tx, *member);
            const Principal& u = ctx.user();
            bool own = m && m->user_id && *m->user_id == u.user_id;
            if (!m || !(own || u.can("teams:care:read", m->region_path) || u.can("teams:care:write", m->region_path)))
              throw_not_found("no team member " + std::to_string(*member),
                              "网格小组成员 " + std::to_string(*member) + " 不存在");
            entries.push_back(*m);
          } else {
            entries = store::of_user(tx, ctx.user().user_id);
          }
          json::array members;
          std::vector<std::int64_t> ids;
          for (const auto& m : entries) {
            ids.push_back(m.id);
            members.push_back(
                json::object{{"id", m.id}, {"name", m.name}, {"post", m.post}, {"region_code", m.region_code}});
          }
          auto rows = store::worklist(tx, ids, after, limit + 1);
          json::object page = paging::page(
              rows, limit, [&](const Assignment& a) { return assignment_json(a); },
              [](const Assignment& a) { return std::to_string(a.due_at) + "_" + std::to_string(a.id); });
          out = json::object{{"members", members}, {"items", page["items"]}, {"next_cursor", page["next_cursor"]}};
        });
        return json::respond(200, out);
      });
}

}  // namespace wangge::teams
