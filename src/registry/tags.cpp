// Person tags (人员标签): tagging a person from a date, ending a tag on a date.
#include "registry/tags.h"

#include "audit/audit.h"
#include "core/error.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry {

Tag tag_person(Service& svc, const Context& ctx, Tag t) {
  svc.db().write([&](storage::Tx& tx) { t = tag_person(svc, tx, ctx, t); });
  return t;
}

Tag tag_person(Service& /*svc*/, storage::Tx& tx, const Context& ctx, Tag t) {
  auto p = store::person(tx, t.person_id);
  if (!p) throw_not_found("no person " + std::to_string(t.person_id), "人员不存在");
  ctx.require("registry:person:write", p->region_path);
  for (const auto& other : store::tag_history(tx, t.person_id)) {
    if (other.tag == t.tag && !other.until)
      throw Error("already_exists", "tag", "the person carries this tag already", "该人员已有此标签");
  }
  t.id = store::insert_tag(tx, t, ctx.actor_id(), storage::now_ms());
  audit::append(tx, audit::entry(ctx, "registry:person:tag", "person:" + std::to_string(t.person_id),
                                 {{"tag", t.tag}, {"since", t.since}}));
  return t;
}

Tag end_tag(Service& svc, const Context& ctx, std::int64_t person_id, std::int64_t tag_id, const std::string& until) {
  Tag t;
  svc.db().write([&](storage::Tx& tx) {
    auto found = store::tag(tx, tag_id);
    if (!found || found->person_id != person_id || found->until)
      throw_not_found("no current tag " + std::to_string(tag_id), "标签不存在或已结束");
    auto p = store::person(tx, person_id);
    ctx.require("registry:person:write", p->region_path);
    if (until < found->since)
      throw_validation("until", "not before the tag's start (" + found->since + ")",
                       "不能早于标签开始日期（" + found->since + "）");
    store::end_tag(tx, tag_id, until);
    t = *found;
    t.until = until;
    audit::append(tx, audit::entry(ctx, "registry:person:untag", "person:" + std::to_string(person_id),
                                   {{"tag", t.tag}, {"until", until}}));
  });
  return t;
}

}  // namespace wangge::registry
