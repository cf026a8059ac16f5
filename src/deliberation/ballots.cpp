// Ballots (表决, seed 001: "用表决票上画钩的方式通过了这一协商议题"): opened by the council
// during deliberation with its electorate copied into a register (the council's members,
// the adult residents living under a node, or its households, from the registry), secret
// or open, with a quorum and a threshold (count.h). Each voter votes once, online
// (residents and households through the account linked to their registry person) or on
// paper, which the secretary counts in. Closing counts and freezes the result: nothing
// changes it afterwards. A secret ballot keeps only the counters per option: the register
// says who voted, never what.
#include "audit/audit.h"
#include "core/error.h"
#include "deliberation/count.h"
#include "deliberation/service.h"
#include "deliberation/store.h"
#include "territory/service.h"

namespace wangge::deliberation {
namespace {

[[noreturn]] void no_ballot(std::int64_t id) {
  throw_not_found("no ballot " + std::to_string(id), "表决 " + std::to_string(id) + " 不存在");
}

void require_open(const Ballot& b, std::int64_t now) {
  if (b.status != "open")
    throw Error("conflict", {}, "the ballot is closed and its result frozen", "表决已结束，结果已冻结");
  if (b.closes_at && now >= *b.closes_at)
    throw Error("conflict", {}, "voting time is over: the ballot awaits its count", "投票时间已过，等待计票");
}

}  // namespace

Ballot Service::open_ballot(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Ballot b) {
  Topic t = managed_topic(tx, ctx, topic_id);
  require_stage(t, "deliberating", "Ballots", "发起表决");
  if (b.meeting_id) {
    auto m = store::meeting(tx, *b.meeting_id);
    if (!m || m->topic_id != topic_id) throw_validation("meeting_id", "a meeting of this topic", "应为本议题的会议");
  }
  if (b.kind == "approve") {
    b.options = {"同意", "不同意"};
  } else if (b.options.size() < 2 || b.options.size() > 20) {
    throw_validation("options", "2 to 20 options", "选项应为 2 到 20 个");
  }
  if (b.electorate_code.empty()) b.electorate_code = store::council(tx, t.council_id)->region_code;
  auto region = territory_.find(b.electorate_code, false);
  if (!region || !path_within(region->path, t.council_path))
    throw_validation("electorate_code", "the council's place or a node under it", "应为议事会所在区域或其下级区域");
  b.region_path = region->path;
  std::vector<std::pair<std::int64_t, std::string>> electors;
  std::string kind;
  if (b.electorate == "council") {
    kind = "member";
    for (const auto& m : store::members(tx, t.council_id, false)) electors.emplace_back(m.id, m.name);
  } else {
    kind = b.electorate == "households" ? "household" : "person";
    if (!electorate_of_) throw Error("unavailable", {}, "the registry is not available", "台账暂不可用");
    for (auto& e : electorate_of_(tx, kind, b.region_path)) electors.emplace_back(e.ref_id, std::move(e.name));
  }
  if (electors.empty())
    throw Error("conflict", "electorate", "no one may vote in this electorate", "该范围内没有有表决权的人员");
  std::int64_t now = storage::now_ms();
  if (b.closes_at && *b.closes_at <= now) throw_validation("closes_at", "a time in the future", "截止时间应晚于现在");
  b.topic_id = topic_id;
  b.eligible = static_cast<std::int64_t>(electors.size());
  b.opened_by = ctx.user().user_id;
  b.opened_at = now;
  b.status = "open";
  b.id = store::insert_ballot(tx, b);
  store::insert_register(tx, b.id, kind, electors, b.options.size());
  record(tx, ctx, t, "ballot", t.status, "",
         json::object{{"ballot", b.id}, {"electorate", b.electorate}, {"eligible", b.eligible}, {"secret", b.secret}});
  return b;
}

std::optional<Voter> Service::my_entry(storage::Tx& tx, const Context& ctx, const Ballot& b) const {
  const std::int64_t user = ctx.user().user_id;
  if (b.electorate == "council") {
    auto t = store::topic(tx, b.topic_id);
    auto m = t ? store::member_of_user(tx, t->council_id, user) : std::nullopt;
    return m ? store::voter(tx, b.id, "member", m->id) : std::nullopt;
  }
  auto who = identity_of_ ? identity_of_(tx, user) : std::nullopt;
  if (!who) return std::nullopt;
  if (b.electorate == "households")
    return who->household_id ? store::voter(tx, b.id, "household", *who->household_id) : std::nullopt;
  return store::voter(tx, b.id, "person", who->person_id);
}

Voter Service::vote(storage::Tx& tx, const Context& ctx, std::int64_t ballot_id, std::optional<int> choice) {
  auto b = store::ballot(tx, ballot_id);
  if (!b) no_ballot(ballot_id);
  readable_topic(tx, ctx, b->topic_id);
  std::int64_t now = storage::now_ms();
  require_open(*b, now);
  if (choice && (*choice < 0 || *choice >= static_cast<int>(b->options.size())))
    throw_validation("option", "an option of the ballot, or null to abstain", "应为表决选项之一，弃权请传 null");
  auto entry = my_entry(tx, ctx, *b);
  if (!entry) throw Error("forbidden", {}, "you are not on this ballot's register", "您不在本次表决的表决人名单中");
  if (!store::mark_voted(tx, entry->id, "online", choice, !b->secret, ctx.user().user_id, now))
    throw Error("conflict", {},
                entry->kind == "household" ? "your household has voted already" : "you have voted already",
                entry->kind == "household" ? "您家已投过票" : "您已投过票");
  if (!store::count_in(tx, ballot_id, {{choice.value_or(-1), 1}}, "online"))
    throw Error("conflict", {}, "the ballot is closed and its result frozen", "表决已结束，结果已冻结");
  // The audit record says who voted, and what only when the ballot is open (not secret).
  json::object detail{{"voter", entry->id}};
  if (!b->secret) detail["option"] = choice ? json::value(*choice) : json::value(nullptr);
  audit::append(tx, audit::entry(ctx, "deliberation:ballot:vote", "ballot:" + std::to_string(ballot_id), detail));
  entry->voted_at = now;
  entry->channel = "online";
  if (!b->secret) entry->choice = choice.value_or(-1);
  return *entry;
}

Ballot Service::record_paper(storage::Tx& tx, const Context& ctx, std::int64_t ballot_id, const json::object& body) {
  auto b = store::ballot(tx, ballot_id);
  if (!b) no_ballot(ballot_id);
  Topic t = managed_topic(tx, ctx, b->topic_id);
  std::int64_t now = storage::now_ms();
  if (b->status != "open")
    throw Error("conflict", {}, "the ballot is closed and its result frozen", "表决已结束，结果已冻结");
  std::map<int, std::int64_t> votes;
  std::vector<std::int64_t> voters;
  const auto n_options = static_cast<std::int64_t>(b->options.size());
  auto option_of = [&](const json::value* v) -> std::optional<int> {
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() >= n_options)
      throw_validation("option", "an option of the ballot, or null for an abstention", "应为表决选项之一，弃权为 null");
    return static_cast<int>(v->as_int64());
  };
  std::vector<std::optional<int>> choices;
  if (!b->secret) {
    json::allow_only(body, {"votes"});
    const auto* list = body.if_contains("votes");
    if (!list || !list->is_array() || list->as_array().empty() || list->as_array().size() > 1000)
      throw_validation("votes", "1 to 1000 paper votes", "纸质选票应为 1 到 1000 张");
    for (const auto& v : list->as_array()) {
      if (!v.is_object()) throw_validation("votes", "objects with voter_id and option", "每张选票应包含表决人和选项");
      voters.push_back(json::get_int(v.as_object(), "voter_id"));
      choices.push_back(option_of(v.as_object().if_contains("option")));
    }
  } else {
    // A secret box: who handed in a ballot, and the ballots counted, apart.
    json::allow_only(body, {"voter_ids", "tallies", "abstained"});
    const auto* ids = body.if_contains("voter_ids");
    const auto* tl = body.if_contains("tallies");
    if (!ids || !ids->is_array() || ids->as_array().empty() || ids->as_array().size() > 1000)
      throw_validation("voter_ids", "1 to 1000 voters who handed in a paper ballot",
                       "应列出 1 到 1000 名投纸质票的表决人");
    if (!tl || !tl->is_array() || static_cast<std::int64_t>(tl->as_array().size()) != n_options)
      throw_validation("tallies", "one count per option", "应逐项填写票数");
    std::int64_t total = json::opt_int(body, "abstained").value_or(0);
    if (total < 0) throw_validation("abstained", "zero or more", "弃权票数不能为负");
    votes[-1] = total;
    for (std::size_t i = 0; i < tl->as_array().size(); ++i) {
      const auto& x = tl->as_array()[i];
      if (!x.is_int64() || x.as_int64() < 0) throw_validation("tallies", "counts of zero or more", "票数不能为负");
      votes[static_cast<int>(i)] = x.as_int64();
      total += x.as_int64();
    }
    for (const auto& x : ids->as_array()) {
      if (!x.is_int64()) throw_validation("voter_ids", "ids of the register", "应为表决人名单中的编号");
      voters.push_back(x.as_int64());
    }
    if (total != static_cast<std::int64_t>(voters.size()))
      throw_validation("tallies", "as many ballots as voters who handed one in", "票数之和应等于投票人数");
  }
  for (std::size_t i = 0; i < voters.size(); ++i) {
    auto v = store::voter_by_id(tx, voters[i]);
    if (!v || v->ballot_id != ballot_id)
      throw_validation("voter_id", "entries of this ballot's register", "应为本次表决的表决人");
    std::optional<int> choice = b->secret ? std::nullopt : choices[i];
    if (!store::mark_voted(tx, v->id, "paper", choice, !b->secret, ctx.user().user_id, now))
      throw Error("conflict", "voter_id", v->name + " has voted already", v->name + " 已投过票");
    if (!b->secret) ++votes[choice.value_or(-1)];
  }
  if (!store::count_in(tx, ballot_id, votes, "paper"))
    throw Error("conflict", {}, "the ballot is closed and its result frozen", "表决已结束，结果已冻结");
  b->cast_paper += static_cast<std::int64_t>(voters.size());
  record(tx, ctx, t, "paper_ballots", t.status, "",
         json::object{{"ballot", ballot_id}, {"ballots", static_cast<std::int64_t>(voters.size())}});
  return *b;
}

Ballot Service::close_ballot(storage::Tx& tx, const Context& ctx, std::int64_t ballot_id, std::int64_t version) {
  auto found = store::ballot(tx, ballot_id);
  if (!found) no_ballot(ballot_id);
  Topic t = managed_topic(tx, ctx, found->topic_id);
  if (found->status != "open")
    throw Error("conflict", {}, "the ballot is closed and its result frozen", "表决已结束，结果已冻结");
  if (found->version != version)
    throw Error("stale_version", "version", "the ballot changed meanwhile", "表决已被他人修改");
  Ballot b = *found;
  auto counters = store::tallies(tx, ballot_id);
  std::vector<std::int64_t> votes(b.options.size(), 0);
  for (std::size_t i = 0; i < votes.size(); ++i) votes[i] = counters[static_cast<int>(i)];
  const std::int64_t abstained = counters[-1];
  auto c = count_ballot({b.kind, b.quorum, b.threshold, b.base}, b.eligible, votes, abstained);
  std::int64_t now = storage::now_ms();
  json::array per_option;
  for (auto v : votes) per_option.emplace_back(v);
  json::object result{{"eligible", b.eligible},
                      {"cast", c.cast},
                      {"cast_online", b.cast_online},
                      {"cast_paper", b.cast_paper},
                      {"votes", per_option},
                      {"abstained", abstained},
                      {"quorum_needed", c.quorum_needed},
                      {"quorum_met", c.quorum_met},
                      {"base", c.base},
                      {"needed", c.needed},
                      {"outcome", c.outcome},
                      {"counted_at", now}};
  result["winner"] = c.winner ? json::value(*c.winner) : json::value(nullptr);
  b.result = json::to_text(result);
  b.outcome = std::string(c.outcome);
  b.winner = c.winner;
  b.status = "closed";
  b.closed_by = ctx.user().user_id;
  b.closed_at = now;
  b.version = found->version + 1;
  if (!store::close_ballot(tx, b, found->version))
    throw Error("stale_version", "version", "the ballot changed meanwhile", "表决已被他人修改");
  record(tx, ctx, t, "ballot_closed", t.status, "",
         json::object{{"ballot", ballot_id}, {"outcome", b.outcome.value()}, {"cast", c.cast}});
  static const std::map<std::string, std::pair<std::string, std::string>> kSaid = {
      {"passed", {"表决通过", "passed"}},
      {"failed", {"表决未通过", "did not pass"}},
      {"no_quorum", {"参加人数不足，表决无效", "had no quorum"}}};
  const auto& said = kSaid.at(*b.outcome);
  tell(tx, store::followers(tx, t), ctx, "topic.ballot", t, said.first + "：" + t.title,
       "The ballot " + said.second + ": " + t.title);
  return b;
}

}  // namespace wangge::deliberation
