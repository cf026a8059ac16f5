// Calls to the grid team (在线呼叫, seed 003: "居民群众可以通过企业微信，随时随地'在线呼叫'，
// 社区网格员队伍第一时间'在线响应'"): a call reaches at once the on-duty entries of the
// caller's grid that have accounts (none on duty: every entry of the grid with an account;
// none: the community's, the same way), in their inboxes and webhooks and live; a recipient
// or an answerer over the grid answers it once (the response time kept), and it is closed.
#include <algorithm>

#include "audit/audit.h"
#include "core/error.h"
#include "notifications/notifications.h"
#include "teams/service.h"
#include "teams/store.h"

namespace wangge::teams {
namespace {

[[noreturn]] void no_call(std::int64_t id) {
  throw_not_found("no call " + std::to_string(id), "呼叫 " + std::to_string(id) + " 不存在");
}

// The accounts of `entries` at `code` (on duty only, when `duty`), the caller left out.
std::vector<std::int64_t> call_accounts(const std::vector<Member>& entries, const std::string& code, bool duty,
                                        std::int64_t caller) {
  std::vector<std::int64_t> out;
  for (const auto& m : entries)
    if (m.region_code == code && m.user_id && *m.user_id != caller && (!duty || m.on_duty) &&
        std::find(out.begin(), out.end(), *m.user_id) == out.end())
      out.push_back(*m.user_id);
  return out;
}

// The first `n` characters (code points) of s, "…" when cut.
std::string call_excerpt(const std::string& s, std::size_t n) {
  std::size_t at = 0, chars = 0;
  while (at < s.size() && chars < n) {
    auto c = static_cast<unsigned char>(s[at]);
    at += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return at >= s.size() ? s : s.substr(0, at) + "…";
}

}  // namespace

std::vector<std::string> Service::call_scope(const Context& ctx) const {
  auto a = ctx.user().scope("teams:call:answer");
  auto b = ctx.user().scope("teams:stats:read");
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  std::vector<std::string> out;
  for (const auto& p : a)
    if (out.empty() || !path_within(p, out.back())) out.push_back(p);
  return out;
}

bool Service::answers_call(storage::Tx& tx, const Context& ctx, const Call& c) const {
  return ctx.user().can("teams:call:answer", c.region_path) || store::is_recipient(tx, c.id, ctx.user().user_id);
}

Service::Placed Service::make_call(storage::Tx& tx, const Context& ctx, const std::string& kind,
                                   const std::string& message) {
  auto grid = caller_grid(tx, ctx);
  if (!grid)
    throw_not_found("you are not linked to a grid: ask your community to link your account to your household",
                    "您的账号尚未关联网格，请联系社区将账号与您的住户关联");
  const std::int64_t me = ctx.user().user_id;
  auto entries = store::active_at(tx, {grid->grid_code, grid->community_code});
  std::vector<std::int64_t> to;
  for (const auto& [code, duty] : {std::pair{grid->grid_code, true}, std::pair{grid->grid_code, false},
                                   std::pair{grid->community_code, true}, std::pair{grid->community_code, false}}) {
    to = call_accounts(entries, code, duty, me);
    if (!to.empty()) break;
  }
  if (to.empty())
    throw Error("conflict", {}, "no one of your grid team takes calls online yet: please call your community",
                "您所在网格小组暂无在线接听的成员，请直接联系社区");
  Call c;
  c.region_code = grid->grid_code;
  c.region_path = grid->grid_path;
  c.caller_id = me;
  c.kind = kind;
  c.message = message;
  c.recipients = static_cast<std::int64_t>(to.size());
  c.created_at = storage::now_ms();
  c.id = store::insert_call(tx, c, to);
  if (notifier_) {
    notifications::Message m;
    m.kind = "team.call";
    m.record = "team_call:" + std::to_string(c.id);
    m.title_zh = "网格呼叫：" + call_excerpt(message, 40);
    m.title_en = "Grid call: " + call_excerpt(message, 40);
    notifier_->send(tx, to, m);
  }
  audit::append(tx, audit::entry(ctx, "teams:call:make", "team_call:" + std::to_string(c.id),
                                 json::object{{"grid", c.region_code}, {"recipients", c.recipients}}));
  return Placed{c, to};
}

Call Service::answer_call(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& note) {
  auto c = store::call(tx, id);
  if (!c) no_call(id);
  const std::int64_t me = ctx.user().user_id;
  if (!answers_call(tx, ctx, *c)) {
    if (c->caller_id == me) throw Error("forbidden", {}, "your grid team answers your call", "呼叫由网格小组响应");
    no_call(id);
  }
  if (!call_next(c->status, "answer"))
    throw Error("invalid_transition", {},
                c->status == "answered" ? "the call has been answered already" : "the call is closed",
                c->status == "answered" ? "该呼叫已有人响应" : "该呼叫已关闭");
  std::int64_t now = storage::now_ms();
  c->status = "answered";
  c->answered_at = now;
  c->answered_by = me;
  c->response_ms = std::max<std::int64_t>(0, now - c->created_at);
  c->answer_note = note;
  if (!store::update_call(tx, *c, "open"))
    throw Error("invalid_transition", {}, "the call has been answered already", "该呼叫已有人响应");
  if (notifier_ && c->caller_id != me) {
    notifications::Message m;
    m.kind = "team.call.answered";
    m.record = "team_call:" + std::to_string(id);
    m.title_zh = "网格小组已响应您的呼叫";
    m.title_en = "Your grid team answered your call";
    notifier_->send(tx, {c->caller_id}, m);
  }
  audit::append(tx, audit::entry(ctx, "teams:call:answer", "team_call:" + std::to_string(id),
                                 json::object{{"response_ms", *c->response_ms}}));
  return *c;
}

Call Service::close_call(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& note) {
  auto c = store::call(tx, id);
  if (!c) no_call(id);
  const std::int64_t me = ctx.user().user_id;
  if (c->caller_id != me && !answers_call(tx, ctx, *c)) no_call(id);
  auto next = call_next(c->status, "close");
  if (!next) throw Error("invalid_transition", {}, "the call is closed already", "该呼叫已关闭");
  std::string was = c->status;
  c->status = *next;
  c->closed_at = storage::now_ms();
  c->closed_by = me;
  if (!note.empty() && c->answer_note.empty()) c->answer_note = note;
  if (!store::update_call(tx, *c, was))
    throw Error("invalid_transition", {}, "the call changed meanwhile", "该呼叫状态已变化");
  audit::append(tx, audit::entry(ctx, "teams:call:close", "team_call:" + std::to_string(id)));
  return *c;
}

}  // namespace wangge::teams
