// Community item admission (社区事项准入, seed 001: "社区事项准入制度"): an item a town
// devolves enters a community's list only through a recorded approval. The community asks
// (with the basis), the town approves or rejects (with a note), may later remove it (with a
// note); the community says when it can handle the item (its coverage: 可办事项覆盖率).
// Every step is a timeline entry and an audit record.
#include "audit/audit.h"
#include "core/error.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

void record(storage::Tx& tx, const Context& ctx, const Admission& a, std::string_view action, const std::string& from,
            const std::string& comment, std::int64_t now) {
  TimelineEntry e;
  e.record_kind = "admission";
  e.record_id = a.id;
  e.action = std::string(action);
  e.actor_id = ctx.actor_id();
  e.actor = ctx.actor();
  e.from_status = from;
  e.to_status = a.status;
  e.comment = comment;
  e.at = now;
  store::append(tx, e);
  audit::append(tx,
                audit::entry(ctx, "services:admission:" + std::string(action), "admission:" + std::to_string(a.id),
                             {{"item", a.item_id}, {"community", a.community_code}, {"from", from}, {"to", a.status}}));
}

}  // namespace

Admission Service::request_admission(const Context& ctx, std::int64_t item_id, const std::string& community_code,
                                     const std::string& basis) {
  auto community = territory_.find(community_code, false);
  if (!community || community->level != "community")
    throw_validation("community_code", "a community", "应为社区（村）");
  ctx.require("services:item:request", community->path);
  Admission a;
  db_.write([&](storage::Tx& tx) {
    auto it = store::item(tx, item_id);
    if (!it) throw_validation("item_id", "no such service item", "服务事项不存在");
    if (it->level != "community" || !it->active)
      throw_validation("item_id", "an active item the town devolves to communities", "应为街道下放到社区的有效事项");
    if (community->path.rfind(it->region_path, 0) != 0)
      throw_validation("item_id", "an item of the community's own town", "应为本街道的事项");
    std::int64_t now = storage::now_ms();
    auto found = store::admission_of(tx, item_id, community_code);
    std::string from;
    if (found) {
      if (found->status == "requested" || found->status == "approved")
        throw Error("conflict", "item_id", "the item is already " + found->status + " for this community",
                    found->status == "approved" ? "该事项已在本社区清单中" : "该事项的准入申请正在审批");
      a = *found;
      from = a.status;
      a.status = "requested";
      a.basis = basis;
      a.ready = false;
      a.requested_by = ctx.actor_id();
      a.requested_at = now;
      a.decided_by.reset();
      a.decided_at.reset();
      a.decision_note.clear();
      a.version = found->version + 1;
      if (!store::update_admission(tx, a, found->version))
        throw Error("stale_version", {}, "the admission changed meanwhile", "准入记录已被他人修改");
    } else {
      a.item_id = item_id;
      a.item_name = it->name;
      a.community_code = community_code;
      a.community_path = community->path;
      a.status = "requested";
      a.basis = basis;
      a.requested_by = ctx.actor_id();
      a.requested_at = now;
      a.id = store::insert_admission(tx, a);
    }
    record(tx, ctx, a, "request", from, basis, now);
  });
  return a;
}

Admission Service::decide_admission(const Context& ctx, std::int64_t id, std::string_view decision,
                                    const json::object& body) {
  Admission a;
  db_.write([&](storage::Tx& tx) {
    auto found = store::admission(tx, id);
    if (!found) throw_not_found("no admission " + std::to_string(id), "准入记录不存在");
    auto it = store::item(tx, found->item_id);
    const bool by_town = decision != "ready";
    // Who first: the town's approvers decide, the community says whether it is ready.
    if (by_town) {
      ctx.require("services:item:approve", it->region_path);
    } else {
      ctx.require("services:item:request", found->community_path);
    }
    auto v = json::opt_int(body, "version");
    if (!v) throw Error("precondition_required", "version", "send the version you decide on", "请提供版本号");
    if (*v != found->version)
      throw Error("stale_version", "version", "the admission changed meanwhile", "准入记录已被他人修改");
    std::string note = json::opt_string(body, "note", 500, 0).value_or("");
    const std::string need = decision == "approve" || decision == "reject" ? "requested" : "approved";
    if (found->status != need)
      throw Error("invalid_transition", {}, "the admission is " + found->status + ", not " + need,
                  "准入记录当前状态不能执行此操作");
    if ((decision == "reject" || decision == "remove") && note.empty())
      throw_validation("note", "say why", "请填写理由");
    a = *found;
    std::int64_t now = storage::now_ms();
    if (by_town) {
      a.status = decision == "approve" ? "approved" : decision == "reject" ? "rejected" : "removed";
      a.decided_by = ctx.actor_id();
      a.decided_at = now;
      a.decision_note = note;
      if (a.status != "approved") a.ready = false;
    } else {
      auto ready = json::opt_bool(body, "ready");
      if (!ready) throw_validation("ready", "true or false", "应为 true 或 false");
      a.ready = *ready;
    }
    a.version = found->version + 1;
    if (!store::update_admission(tx, a, found->version))
      throw Error("stale_version", "version", "the admission changed meanwhile", "准入记录已被他人修改");
    record(tx, ctx, a, decision, found->status, note, now);
  });
  return a;
}

}  // namespace wangge::services
