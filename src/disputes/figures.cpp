// The figures other modules show (the cockpit): disputes found, settled, closed and open
// under a node over a period, from the grouped counts the statistics route reads.
#include "disputes/service.h"
#include "disputes/store.h"

namespace wangge::disputes {

Service::Figures Service::figures(const std::string& path, const std::string& from, const std::string& to) {
  Figures f;
  std::vector<store::Count> counts;
  db_.read([&](storage::Tx& tx) { counts = store::counts(tx, path, from, to); });
  for (const auto& c : counts) {
    f.found += c.n;
    if (c.status == "settled") f.settled += c.n;
    if (is_closed(c.status)) f.closed += c.n;
    f.by_type[c.type] += c.n;
  }
  f.active = f.found - f.closed;
  return f;
}

}  // namespace wangge::disputes
