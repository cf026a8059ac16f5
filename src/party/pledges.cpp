// Members' public pledges (seed 004: "亮身份、亮责任、亮服务", the 个性清单 of the four lists):
// added and fulfilled (with a note) or withdrawn by the member's own account, while their
// stay is current, or by staff who write members at the organisation's node.
#include "audit/audit.h"
#include "core/error.h"
#include "party/service.h"
#include "party/store.h"

namespace wangge::party {
namespace {

[[noreturn]] void no_pledge(std::int64_t id) {
  throw_not_found("no pledge " + std::to_string(id), "承诺 " + std::to_string(id) + " 不存在");
}

}  // namespace

bool Service::acts_for(const Context& ctx, const Member& m) const {
  bool own = m.user_id && *m.user_id == ctx.user().user_id;
  return own || ctx.user().can("party:member:write", m.region_path);
}

Pledge Service::add_pledge(storage::Tx& tx, const Context& ctx, std::int64_t member_id, const std::string& kind,
                           const std::string& content) {
  Member m = readable_member(tx, ctx, member_id);
  if (!acts_for(ctx, m))
    throw Error("forbidden", {}, "only the member or the organisation's staff may add pledges",
                "只有党员本人或党组织工作人员可以添加承诺");
  if (!m.active()) throw Error("conflict", {}, "the member has left the organisation", "该党员已离开本组织");
  if (store::active_pledges(tx, member_id) >= kMaxActivePledges)
    throw Error("conflict", {}, "at most " + std::to_string(kMaxActivePledges) + " active pledges",
                "进行中的承诺最多 " + std::to_string(kMaxActivePledges) + " 项");
  Pledge p;
  p.member_id = member_id;
  p.region_path = m.region_path;
  p.kind = kind;
  p.content = content;
  p.created_by = ctx.user().user_id;
  p.created_at = p.updated_at = storage::now_ms();
  p.id = store::insert_pledge(tx, p);
  audit::append(tx, audit::entry(ctx, "party:pledge:add", "party_pledge:" + std::to_string(p.id),
                                 json::object{{"member", member_id}, {"kind", kind}}));
  return *store::pledge(tx, p.id);
}

Pledge Service::close_pledge(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version, bool fulfil,
                             const std::string& note) {
  auto found = store::pledge(tx, id);
  if (!found) no_pledge(id);
  auto m = store::member(tx, found->member_id);
  bool own = m && m->user_id && *m->user_id == ctx.user().user_id;
  if (!m || (!own && !ctx.user().can("party:member:read", m->region_path))) no_pledge(id);
  if (!acts_for(ctx, *m))
    throw Error("forbidden", {}, "only the member or the organisation's staff may close pledges",
                "只有党员本人或党组织工作人员可以办结承诺");
  if (version != found->version)
    throw Error("stale_version", "version", "the pledge changed meanwhile", "承诺已被他人修改");
  if (found->status != "active")
    throw Error("invalid_transition", {}, "the pledge is closed already", "该承诺已办结或撤回");
  if (fulfil && note.empty()) throw_validation("note", "how it was fulfilled", "请填写践诺情况");
  Pledge p = *found;
  p.status = fulfil ? "fulfilled" : "withdrawn";
  p.note = note;
  p.closed_by = ctx.user().user_id;
  p.closed_at = p.updated_at = storage::now_ms();
  p.version = version + 1;
  if (!store::update_pledge(tx, p, version))
    throw Error("stale_version", "version", "the pledge changed meanwhile", "承诺已被他人修改");
  audit::append(tx, audit::entry(ctx, fulfil ? "party:pledge:fulfil" : "party:pledge:withdraw",
                                 "party_pledge:" + std::to_string(id)));
  return *store::pledge(tx, id);
}

}  // namespace wangge::party
