// 协商议事 (seed 001): a topic's meetings (seed 000 counts them by type: "居民代表会议、
// 楼栋长联席会议、议事骨干会议…"), at the council's level, with their participants by group
// (the council's members, or others named with their group and unit), then the record:
// who attended and the minutes. A meeting held counts as a deed of each attendee with an
// account (points: meeting_attended).
#include "core/error.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {
namespace {

[[noreturn]] void no_meeting(std::int64_t id) {
  throw_not_found("no meeting " + std::to_string(id), "会议 " + std::to_string(id) + " 不存在");
}

}  // namespace

Meeting Service::schedule_meeting(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Meeting m,
                                  const json::array& participants) {
  Topic t = managed_topic(tx, ctx, topic_id);
  require_stage(t, "deliberating", "Meetings", "安排协商会议");
  if (participants.size() > 500) throw_validation("participants", "at most 500", "参会人员最多 500 人");
  m.topic_id = topic_id;
  m.council_id = t.council_id;
  m.level = t.council_level;
  m.region_path = t.council_path;
  m.created_by = ctx.user().user_id;
  m.created_at = m.updated_at = storage::now_ms();
  m.id = store::insert_meeting(tx, m);
  // Participants: members of the council by id (its current members read once), or people
  // named with their group.
  const auto members = store::members(tx, t.council_id, false);
  std::vector<std::int64_t> seen;
  for (const auto& v : participants) {
    if (!v.is_object()) throw_validation("participants", "objects", "参会人员格式不正确");
    const auto& o = v.as_object();
    json::allow_only(o, {"member_id", "group", "name", "unit"});
    Participant p;
    p.meeting_id = m.id;
    if (auto mid = json::opt_int(o, "member_id")) {
      auto mem = std::find_if(members.begin(), members.end(), [&](const Member& x) { return x.id == *mid; });
      if (mem == members.end())
        throw_validation("member_id", "a current member of the council", "应为本议事会的现任成员");
      if (std::find(seen.begin(), seen.end(), *mid) != seen.end())
        throw_validation("member_id", "each member once", "成员重复");
      seen.push_back(*mid);
      p.member_id = mid;
      p.user_id = mem->user_id;
      p.group = mem->group;
      p.name = mem->name;
      p.unit = mem->unit;
    } else {
      p.group = json::one_of(o, "group", kGroups);
      p.name = json::get_string(o, "name", 50);
      p.unit = json::opt_string(o, "unit", 100).value_or("");
    }
    store::insert_participant(tx, p);
  }
  record(tx, ctx, t, "meeting", t.status, "", json::object{{"meeting", m.id}, {"kind", m.kind}});
  std::vector<std::int64_t> told;
  for (const auto& p : store::participants(tx, m.id))
    if (p.user_id) told.push_back(*p.user_id);
  tell(tx, told, ctx, "topic.meeting", t, "协商会议通知：" + t.title + "（" + m.place + "）",
       "Meeting on: " + t.title + " (" + m.place + ")");
  return m;
}

Meeting Service::record_meeting(storage::Tx& tx, const Context& ctx, std::int64_t meeting_id, std::int64_t version,
                                const std::string& minutes, const std::vector<std::int64_t>& present) {
  auto m = store::meeting(tx, meeting_id);
  if (!m) no_meeting(meeting_id);
  Topic t = managed_topic(tx, ctx, m->topic_id);
  if (m->version != version)
    throw Error("stale_version", "version", "the meeting changed meanwhile", "会议已被他人修改");
  if (m->status != "scheduled")
    throw Error("invalid_transition", {}, "the meeting is not scheduled", "会议不是待召开状态");
  std::int64_t now = storage::now_ms();
  if (now < m->starts_at) throw Error("conflict", {}, "the meeting has not started yet", "会议尚未开始");
  auto people = store::participants(tx, meeting_id);
  for (auto id : present) {
    bool known = std::any_of(people.begin(), people.end(), [&](const Participant& p) { return p.id == id; });
    if (!known) throw_validation("present", "participants of the meeting", "应为本次会议的参会人员");
  }
  Meeting before = *m;
  m->attended = store::mark_present(tx, meeting_id, present);
  m->record = minutes;
  m->status = "held";
  m->held_at = now;
  m->version = before.version + 1;
  m->updated_at = now;
  if (!store::update_meeting(tx, *m, before.version))
    throw Error("stale_version", "version", "the meeting changed meanwhile", "会议已被他人修改");
  for (const auto& p : people) {
    bool here = std::find(present.begin(), present.end(), p.id) != present.end();
    if (!here || !p.user_id || !deeds_) continue;
    deeds::Deed d;
    d.kind = deeds::kMeetingAttended;
    d.ref = "meeting:" + std::to_string(meeting_id);
    d.user_id = p.user_id;
    d.region_path = m->region_path;
    d.at = now;
    d.actor_id = ctx.actor_id();
    deeds_(tx, d);
  }
  record(tx, ctx, t, "meeting_held", t.status, "",
         json::object{{"meeting", meeting_id}, {"attended", m->attended}, {"invited", people.size()}});
  return *m;
}

Meeting Service::cancel_meeting(storage::Tx& tx, const Context& ctx, std::int64_t meeting_id,
                                const std::string& reason) {
  auto m = store::meeting(tx, meeting_id);
  if (!m) no_meeting(meeting_id);
  Topic t = managed_topic(tx, ctx, m->topic_id);
  if (m->status != "scheduled")
    throw Error("invalid_transition", {}, "the meeting is not scheduled", "会议不是待召开状态");
  Meeting before = *m;
  m->status = "cancelled";
  m->record = reason;
  m->version = before.version + 1;
  m->updated_at = storage::now_ms();
  if (!store::update_meeting(tx, *m, before.version))
    throw Error("stale_version", "version", "the meeting changed meanwhile", "会议已被他人修改");
  record(tx, ctx, t, "meeting_cancelled", t.status, reason, json::object{{"meeting", meeting_id}});
  return *m;
}

}  // namespace wangge::deliberation
