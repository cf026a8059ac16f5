// The SQL of ballots: the ballot, its register and its counters.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/storage/rows.h"
#include "deliberation/store.h"

namespace wangge::deliberation::store {
namespace {

using storage::Value;

constexpr const char* kBallotColumns =
    "id, topic_id, meeting_id, question, kind, options, electorate, electorate_code, region_path, secret, quorum, "
    "threshold, base, status, eligible, cast_online, cast_paper, closes_at, result, outcome, winner, opened_by, "
    "opened_at, closed_by, closed_at, version FROM ballots";

Ballot decode_ballot(const storage::Row& r) {
  Ballot b;
  std::size_t i = 0;
  b.id = r.i64(i++);
  b.topic_id = r.i64(i++);
  b.meeting_id = r.opt_i64(i++);
  b.question = r.str(i++);
  b.kind = r.str(i++);
  boost::system::error_code ec;
  auto options = boost::json::parse(r.str(i++), ec);
  if (!ec && options.is_array())
    for (const auto& o : options.as_array())
      if (o.is_string()) b.options.emplace_back(o.as_string());
  b.electorate = r.str(i++);
  b.electorate_code = r.str(i++);
  b.region_path = r.str(i++);
  b.secret = r.i64(i++) != 0;
  b.quorum = r.str(i++);
  b.threshold = r.str(i++);
  b.base = r.str(i++);
  b.status = r.str(i++);
  b.eligible = r.i64(i++);
  b.cast_online = r.i64(i++);
  b.cast_paper = r.i64(i++);
  b.closes_at = r.opt_i64(i++);
  b.result = r.str(i++);
  if (!r.is_null(i)) b.outcome = r.str(i);
  ++i;
  if (!r.is_null(i)) b.winner = static_cast<int>(r.i64(i));
  ++i;
  b.opened_by = r.i64(i++);
  b.opened_at = r.i64(i++);
  b.closed_by = r.opt_i64(i++);
  b.closed_at = r.opt_i64(i++);
  b.version = r.i64(i++);
  return b;
}

constexpr const char* kVoterColumns =
    "id, ballot_id, kind, ref_id, name, voted_at, channel, choice, cast_by FROM ballot_voters";

Voter decode_voter(const storage::Row& r) {
  Voter v;
  v.id = r.i64(0);
  v.ballot_id = r.i64(1);
  v.kind = r.str(2);
  v.ref_id = r.i64(3);
  v.name = r.str(4);
  v.voted_at = r.opt_i64(5);
  if (!r.is_null(6)) v.channel = r.str(6);
  if (!r.is_null(7)) v.choice = static_cast<int>(r.i64(7));
  v.cast_by = r.opt_i64(8);
  return v;
}

}  // namespace

std::int64_t insert_ballot(storage::Tx& tx, const Ballot& b) {
  boost::json::array options;
  for (const auto& o : b.options) options.emplace_back(o);
  return tx.insert_id(
      "INSERT INTO ballots (topic_id, meeting_id, question, kind, options, electorate, electorate_code, region_path, "
      "secret, quorum, threshold, base, status, eligible, cast_online, cast_paper, closes_at, opened_by, opened_at, "
      "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, 0, 0, ?, ?, ?, 1) RETURNING id",
      {b.topic_id, opt_id(b.meeting_id), b.question, b.kind, boost::json::serialize(options), b.electorate,
       b.electorate_code, b.region_path, std::int64_t{b.secret ? 1 : 0}, b.quorum, b.threshold, b.base, b.eligible,
       opt_id(b.closes_at), b.opened_by, b.opened_at});
}

std::optional<Ballot> ballot(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kBallotColumns + " WHERE id = ?", {id}),
                                decode_ballot);
}

std::vector<Ballot> ballots(storage::Tx& tx, std::int64_t topic_id) {
  return storage::all_as(
      tx.exec(std::string("SELECT ") + kBallotColumns + " WHERE topic_id = ? ORDER BY id", {topic_id}), decode_ballot);
}

void insert_register(storage::Tx& tx, std::int64_t ballot_id, const std::string& kind,
                     const std::vector<std::pair<std::int64_t, std::string>>& electors, std::size_t options) {
  for (const auto& [ref, name] : electors)
    tx.insert_later("INSERT INTO ballot_voters (ballot_id, kind, ref_id, name) VALUES (?, ?, ?, ?)",
                    {ballot_id, kind, ref, name});
  for (int i = -1; i < static_cast<int>(options); ++i)
    tx.insert_later("INSERT INTO ballot_tallies (ballot_id, opt, votes) VALUES (?, ?, 0)",
                    {ballot_id, std::int64_t{i}});
}

std::optional<Voter> voter(storage::Tx& tx, std::int64_t ballot_id, const std::string& kind, std::int64_t ref_id) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kVoterColumns + " WHERE ballot_id = ? AND kind = ? AND ref_id = ?",
              {ballot_id, kind, ref_id}),
      decode_voter);
}

std::optional<Voter> voter_by_id(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kVoterColumns + " WHERE id = ?", {id}), decode_voter);
}

bool mark_voted(storage::Tx& tx, std::int64_t voter_id, const std::string& channel, std::optional<int> choice,
                bool keep_choice, std::int64_t by, std::int64_t at) {
  Value kept = keep_choice ? Value(std::int64_t{choice.value_or(-1)}) : Value(nullptr);
  return tx.exec(
               "UPDATE ballot_voters SET voted_at = ?, channel = ?, choice = ?, cast_by = ? WHERE id = ? AND "
               "voted_at IS NULL",
               {at, channel, kept, by, voter_id})
             .changes == 1;
}

bool count_in(storage::Tx& tx, std::int64_t ballot_id, const std::map<int, std::int64_t>& votes,
              const std::string& channel) {
  std::int64_t n = 0;
  for (const auto& [opt, k] : votes) n += k;
  const char* column = channel == "paper" ? "cast_paper" : "cast_online";
  if (tx.exec(std::string("UPDATE ballots SET ") + column + " = " + column + " + ? WHERE id = ? AND status = 'open'",
              {n, ballot_id})
          .changes != 1)
    return false;
  for (const auto& [opt, k] : votes) {
    if (k == 0) continue;
    tx.exec("UPDATE ballot_tallies SET votes = votes + ? WHERE ballot_id = ? AND opt = ?",
            {k, ballot_id, std::int64_t{opt}});
  }
  return true;
}

std::map<int, std::int64_t> tallies(storage::Tx& tx, std::int64_t ballot_id) {
  std::map<int, std::int64_t> out;
  for (const auto& r : tx.exec("SELECT opt, votes FROM ballot_tallies WHERE ballot_id = ?", {ballot_id}).rows)
    out[static_cast<int>(r.i64(0))] = r.i64(1);
  return out;
}

bool close_ballot(storage::Tx& tx, const Ballot& b, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE ballots SET status = 'closed', result = ?, outcome = ?, winner = ?, closed_by = ?, "
               "closed_at = ?, version = ? WHERE id = ? AND version = ? AND status = 'open'",
               {b.result, *b.outcome, b.winner ? Value(std::int64_t{*b.winner}) : Value(nullptr), opt_id(b.closed_by),
                opt_id(b.closed_at), b.version, b.id, expected_version})
             .changes == 1;
}

std::vector<Voter> register_page(storage::Tx& tx, std::int64_t ballot_id, std::optional<bool> voted,
                                 std::optional<std::int64_t> after_id, int limit) {
  std::string sql = std::string("SELECT ") + kVoterColumns + " WHERE ballot_id = ?";
  std::vector<Value> p{ballot_id};
  if (voted) sql += *voted ? " AND voted_at IS NOT NULL" : " AND voted_at IS NULL";
  if (after_id) sql += " AND id > ?", p.emplace_back(*after_id);
  sql += " ORDER BY id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return storage::all_as(tx.exec(sql, p), decode_voter);
}

}  // namespace wangge::deliberation::store
