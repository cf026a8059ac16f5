// The SQL of the rewards shop: rewards (积分礼遇清单) and redemptions.
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "points/store.h"

namespace wangge::points::store {
namespace {

using storage::Value;

constexpr const char* kRewardColumns =
    "id, region_code, region_path, name, detail, price, stock, stock_added, supplier_kind, supplier_name, active, "
    "version, created_at, updated_at FROM point_rewards";

Reward decode_reward(const storage::Row& r) {
  Reward x;
  std::size_t i = 0;
  x.id = r.i64(i++);
  x.region_code = r.str(i++);
  x.region_path = r.str(i++);
  x.name = r.str(i++);
  x.detail = r.str(i++);
  x.price = r.i64(i++);
  x.stock = r.i64(i++);
  x.stock_added = r.i64(i++);
  x.supplier_kind = r.str(i++);
  x.supplier_name = r.str(i++);
  x.active = r.i64(i++) != 0;
  x.version = r.i64(i++);
  x.created_at = r.i64(i++);
  x.updated_at = r.i64(i++);
  return x;
}

constexpr const char* kRedemptionColumns =
    "d.id, d.reward_id, d.holder_id, d.region_path, d.points, d.code, d.status, d.redeemed_by, d.verified_by, "
    "d.created_at, d.closed_at, d.version, w.name, h.name FROM point_redemptions d "
    "JOIN point_rewards w ON w.id = d.reward_id JOIN point_holders h ON h.id = d.holder_id";

Redemption decode_redemption(const storage::Row& r) {
  Redemption x;
  std::size_t i = 0;
  x.id = r.i64(i++);
  x.reward_id = r.i64(i++);
  x.holder_id = r.i64(i++);
  x.region_path = r.str(i++);
  x.points = r.i64(i++);
  x.code = r.str(i++);
  x.status = r.str(i++);
  x.redeemed_by = r.opt_i64(i++);
  x.verified_by = r.opt_i64(i++);
  x.created_at = r.i64(i++);
  x.closed_at = r.opt_i64(i++);
  x.version = r.i64(i++);
  x.reward_name = r.str(i++);
  x.holder_name = r.str(i++);
  return x;
}

}  // namespace

std::int64_t insert_reward(storage::Tx& tx, const Reward& r) {
  return tx.insert_id(
      "INSERT INTO point_rewards (region_code, region_path, name, detail, price, stock, stock_added, supplier_kind, "
      "supplier_name, active, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) "
      "RETURNING id",
      {r.region_code, r.region_path, r.name, r.detail, r.price, r.stock, r.stock_added, r.supplier_kind,
       r.supplier_name, std::int64_t{r.active ? 1 : 0}, r.created_at, r.updated_at});
}

bool update_reward(storage::Tx& tx, const Reward& r, std::int64_t restock, std::int64_t expected_version) {
  // Stock moves by a difference, so a redemption committed meanwhile is not overwritten.
  return tx.exec(
               "UPDATE point_rewards SET name = ?, detail = ?, price = ?, stock = stock + ?, "
               "stock_added = stock_added + ?, supplier_kind = ?, supplier_name = ?, active = ?, version = ?, "
               "updated_at = ? WHERE id = ? AND version = ?",
               {r.name, r.detail, r.price, restock, restock, r.supplier_kind, r.supplier_name,
                std::int64_t{r.active ? 1 : 0}, r.version, r.updated_at, r.id, expected_version})
             .changes == 1;
}

std::optional<Reward> reward(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kRewardColumns + " WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_reward(res.one());
}

std::vector<Reward> rewards(storage::Tx& tx, const RewardFilter& f) {
  std::string sql = std::string("SELECT ") + kRewardColumns + " WHERE (";
  std::vector<Value> p;
  std::string any;
  for (const auto& path : f.paths) {
    for (std::size_t end = path.find('/', 1); end != std::string::npos; end = path.find('/', end + 1)) {
      any += any.empty() ? "region_path IN (?" : ", ?";
      p.emplace_back(path.substr(0, end + 1));
    }
  }
  if (!any.empty()) any += ")";
  if (!f.within.empty()) {
    std::string clause;
    storage::scope_clause(f.within, "region_path", clause, p);
    any += (any.empty() ? "" : " OR ") + clause;
  }
  sql += (any.empty() ? std::string("1 = 0") : any) + ")";
  if (f.active) {
    sql += " AND active = ?";
    p.emplace_back(std::int64_t{*f.active ? 1 : 0});
  }
  if (f.before_id) {
    sql += " AND id < ?";
    p.emplace_back(*f.before_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  std::vector<Reward> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_reward(r));
  return out;
}

bool take_stock(storage::Tx& tx, std::int64_t reward_id, std::int64_t now) {
  return tx.exec(
               "UPDATE point_rewards SET stock = stock - 1, updated_at = ? WHERE id = ? AND stock >= 1 AND "
               "active = 1",
               {now, reward_id})
             .changes == 1;
}

void return_stock(storage::Tx& tx, std::int64_t reward_id, std::int64_t now) {
  tx.exec("UPDATE point_rewards SET stock = stock + 1, updated_at = ? WHERE id = ?", {now, reward_id});
}

std::int64_t insert_redemption(storage::Tx& tx, const Redemption& r) {
  return tx.insert_id(
      "INSERT INTO point_redemptions (reward_id, holder_id, region_path, points, code, status, redeemed_by, "
      "created_at, version) VALUES (?, ?, ?, ?, ?, 'issued', ?, ?, 1) RETURNING id",
      {r.reward_id, r.holder_id, r.region_path, r.points, r.code,
       r.redeemed_by ? Value(*r.redeemed_by) : Value(nullptr), r.created_at});
}

std::optional<Redemption> redemption(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kRedemptionColumns + " WHERE d.id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_redemption(res.one());
}

std::optional<Redemption> redemption_by_code(storage::Tx& tx, const std::string& code) {
  auto res = tx.exec(std::string("SELECT ") + kRedemptionColumns + " WHERE d.code = ?", {code});
  if (res.empty()) return std::nullopt;
  return decode_redemption(res.one());
}

bool close_redemption(storage::Tx& tx, std::int64_t id, const std::string& status, std::optional<std::int64_t> by,
                      std::int64_t now) {
  return tx.exec(
               "UPDATE point_redemptions SET status = ?, verified_by = ?, closed_at = ?, version = version + 1 "
               "WHERE id = ? AND status = 'issued'",
               {status, by ? Value(*by) : Value(nullptr), now, id})
             .changes == 1;
}

std::vector<Redemption> redemptions(storage::Tx& tx, const RedemptionFilter& f) {
  std::string sql = std::string("SELECT ") + kRedemptionColumns + " WHERE 1 = 1";
  std::vector<Value> p;
  if (f.holder_id) {
    sql += " AND d.holder_id = ?";
    p.emplace_back(*f.holder_id);
  } else {
    sql += " AND ";
    storage::scope_clause(f.within, "d.region_path", sql, p);
  }
  if (f.status) {
    sql += " AND d.status = ?";
    p.emplace_back(*f.status);
  }
  if (f.before_id) {
    sql += " AND d.id < ?";
    p.emplace_back(*f.before_id);
  }
  sql += " ORDER BY d.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  std::vector<Redemption> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_redemption(r));
  return out;
}

std::vector<StockMismatch> stock_mismatches(storage::Tx& tx, const std::string& path, int limit) {
  std::vector<StockMismatch> out;
  for (const auto& r :
       tx.exec("SELECT w.id, w.stock, w.stock_added - COALESCE(d.n, 0) FROM point_rewards w LEFT JOIN (SELECT "
               "reward_id, COUNT(*) AS n FROM point_redemptions WHERE status <> 'cancelled' GROUP BY reward_id) d ON "
               "d.reward_id = w.id WHERE w.region_path >= ? AND w.region_path < ? AND w.stock <> w.stock_added - "
               "COALESCE(d.n, 0) ORDER BY w.id LIMIT ?",
               {path, storage::path_upper_bound(path), std::int64_t{limit}})
           .rows)
    out.push_back(StockMismatch{r.i64(0), r.i64(1), r.i64(2)});
  return out;
}

std::int64_t count_rewards(storage::Tx& tx, const std::string& path) {
  return tx
      .exec("SELECT COUNT(*) FROM point_rewards WHERE region_path >= ? AND region_path < ?",
            {path, storage::path_upper_bound(path)})
      .one()
      .i64(0);
}

}  // namespace wangge::points::store
