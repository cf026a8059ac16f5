// The use cases of notices: draft, publish (copying the staff the notice reaches into its
// recipients, and telling them when it must be read), change a draft or a published
// notice's end of validity, withdraw with a reason, and record a read.
#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/hash_list.h"
#include "notices/service.h"
#include "notices/store.h"
#include "notifications/notifications.h"
#include "territory/service.h"

namespace wangge::notices {
namespace {

[[noreturn]] void no_notice(std::int64_t id) {
  throw_not_found("no notice " + std::to_string(id), "通知 " + std::to_string(id) + " 不存在");
}

}  // namespace

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar)
    : db_(db), territory_(territory), calendar_(calendar) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_notice_routes(router);
  register_receipt_routes(router);
}

bool Service::writes(const Context& ctx, const Notice& n) const {
  return ctx.user().can("notices:notice:write", n.region_path);
}

Notice Service::readable(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto n = store::notice(tx, id);
  if (!n) no_notice(id);
  bool ok = n->status == "published" ? ctx.user().reaches("notices:notice:read", n->region_path) : writes(ctx, *n);
  if (!ok) no_notice(id);
  return *n;
}

void Service::check(const Notice& n) const {
  if (n.valid_from && n.valid_until && *n.valid_until <= *n.valid_from)
    throw_validation("valid_until", "after valid_from", "有效期截止应晚于开始");
  if (n.attachments.size() > 20) throw_validation("attachments", "at most 20", "附件最多 20 个");
}

Notice Service::create(storage::Tx& tx, const Context& ctx, Notice n, bool publish_now) {
  auto region = territory_.find(n.region_code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  n.region_path = region->path;
  ctx.require("notices:notice:write", n.region_path);
  check(n);
  n.author_id = ctx.user().user_id;
  n.status = "draft";
  n.created_at = n.updated_at = storage::now_ms();
  n.id = store::insert(tx, n);
  if (!n.attachments.empty() && link_) link_(tx, ctx, n.attachments, n.id);
  audit::append(tx, audit::entry(ctx, "notices:notice:create", "notice:" + std::to_string(n.id),
                                 json::object{{"region", n.region_code}, {"kind", n.kind}}));
  return publish_now ? publish(tx, ctx, n.id, n.version) : n;
}

Notice Service::update(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Notice before = readable(tx, ctx, id);
  if (!writes(ctx, before)) throw Error("forbidden", {}, "you may not change this notice", "您不能修改该通知");
  if (json::get_int(body, "version") != before.version)
    throw Error("stale_version", "version", "the notice changed meanwhile", "通知已被他人修改");
  Notice n = before;
  bool draft = before.status == "draft";
  for (const char* key : {"kind", "topic", "title", "body", "attachments", "must_read", "valid_from"})
    if (!draft && body.contains(key))
      throw Error("conflict", key, "a published notice keeps its content: withdraw it and publish anew",
                  "已发布的通知不能修改内容，请撤回后重新发布");
  if (before.status == "withdrawn") throw Error("conflict", {}, "the notice is withdrawn", "该通知已撤回");
  if (auto v = json::opt_string(body, "title", 200, 1)) n.title = *v;
  if (auto v = json::opt_string(body, "body", 20000, 1)) n.body = *v;
  if (auto v = json::opt_string(body, "topic", 50)) n.topic = *v;
  if (body.contains("kind")) n.kind = json::one_of(body, "kind", kKinds);
  if (auto v = json::opt_bool(body, "must_read")) n.must_read = *v;
  std::vector<std::string> added;
  if (body.contains("attachments")) {
    n.attachments = json::hash_list(body, "attachments", 20);
    for (const auto& h : n.attachments)
      if (std::find(before.attachments.begin(), before.attachments.end(), h) == before.attachments.end())
        added.push_back(h);
  }
  auto instant = [&](const char* key, std::optional<std::int64_t>& field) {
    if (!body.contains(key)) return;
    field = dates::body_instant(body, key, calendar_, dates::earliest(calendar_), dates::latest(calendar_), "2000-2099",
                                "2000-2099 年");
  };
  instant("valid_from", n.valid_from);
  instant("valid_until", n.valid_until);
  check(n);
  n.version = before.version + 1;
  n.updated_at = storage::now_ms();
  if (!store::update(tx, n, before.version))
    throw Error("stale_version", "version", "the notice changed meanwhile", "通知已被他人修改");
  if (!added.empty() && link_) link_(tx, ctx, added, n.id);
  audit::append(tx, audit::entry(ctx, "notices:notice:update", "notice:" + std::to_string(id)));
  return n;
}

Notice Service::publish(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version) {
  Notice n = readable(tx, ctx, id);
  if (!writes(ctx, n)) throw Error("forbidden", {}, "you may not publish this notice", "您不能发布该通知");
  if (n.status != "draft") throw Error("invalid_transition", {}, "only a draft can be published", "只有草稿可以发布");
  if (n.version != version) throw Error("stale_version", "version", "the notice changed meanwhile", "通知已被他人修改");
  std::int64_t now = storage::now_ms();
  if (n.valid_until && *n.valid_until <= now)
    throw Error("conflict", "valid_until", "its validity has ended already", "有效期已过，不能发布");
  auto staff = staff_under_ ? staff_under_(tx, n.region_path) : std::vector<std::pair<std::int64_t, std::string>>{};
  n.status = "published";
  n.published_at = now;
  const std::int64_t me = ctx.user().user_id;
  n.recipients = store::insert_recipients(tx, id, staff, me, now);
  n.version = version + 1;
  n.updated_at = now;
  if (!store::update(tx, n, version))
    throw Error("stale_version", "version", "the notice changed meanwhile", "通知已被他人修改");
  // Its author has read it.
  bool recipient = std::any_of(staff.begin(), staff.end(), [&](const auto& s) { return s.first == me; });
  store::record_author_read(tx, id, me, now, recipient);
  n = *store::notice(tx, id);
  audit::append(tx, audit::entry(ctx, "notices:notice:publish", "notice:" + std::to_string(id),
                                 json::object{{"recipients", n.recipients}, {"must_read", n.must_read}}));
  if (n.must_read && notifier_ && !staff.empty()) {
    std::vector<std::int64_t> users;
    for (const auto& [u, path] : staff)
      if (u != ctx.user().user_id) users.push_back(u);
    notifications::Message m;
    m.kind = "notice.must_read";
    m.record = "notice:" + std::to_string(id);
    m.title_zh = "必读通知：" + n.title;
    m.title_en = "Must read: " + n.title;
    notifier_->send(tx, users, m);
  }
  return n;
}

Notice Service::withdraw(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                         const std::string& reason) {
  Notice n = readable(tx, ctx, id);
  if (!writes(ctx, n)) throw Error("forbidden", {}, "you may not withdraw this notice", "您不能撤回该通知");
  if (n.status == "withdrawn") throw Error("invalid_transition", {}, "the notice is withdrawn already", "该通知已撤回");
  if (n.version != version) throw Error("stale_version", "version", "the notice changed meanwhile", "通知已被他人修改");
  n.status = "withdrawn";
  if (!n.published_at) n.published_at = storage::now_ms();  // a draft withdrawn: kept, never shown
  n.withdrawn_reason = reason;
  n.version = version + 1;
  n.updated_at = storage::now_ms();
  if (!store::update(tx, n, version))
    throw Error("stale_version", "version", "the notice changed meanwhile", "通知已被他人修改");
  audit::append(tx, audit::entry(ctx, "notices:notice:withdraw", "notice:" + std::to_string(id)));
  return n;
}

Notice Service::mark_read(storage::Tx& tx, const Context& ctx, std::int64_t id) {
  Notice n = readable(tx, ctx, id);
  if (n.status != "published") return n;  // a writer previewing a draft leaves no receipt
  if (store::record_read(tx, id, ctx.user().user_id, storage::now_ms())) n = *store::notice(tx, id);
  return n;
}

}  // namespace wangge::notices
