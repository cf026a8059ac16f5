// A message to the holders of some roles over a place, for the events module's own
// warnings that are not about one event (spike warnings, events/spikes.cpp): the same
// inbox and webhook sink, and the same cached role holders, as Service::notify.
#include <algorithm>

#include "events/service.h"
#include "notifications/notifications.h"

namespace wangge::events {

void Service::notify_roles(storage::Tx& tx, const std::vector<std::string>& roles, const std::string& path,
                           const std::string& kind, const std::string& record, const std::string& title_zh,
                           const std::string& title_en) {
  if (!notifier_) return;
  std::vector<std::int64_t> to;
  for (const auto& role : roles) {
    for (auto user : holders(tx, role, path)) {
      if (std::find(to.begin(), to.end(), user) == to.end()) to.push_back(user);  // one message a person
    }
  }
  if (to.empty()) return;
  notifications::Message m;
  m.kind = kind;
  m.title_zh = title_zh;
  m.title_en = title_en;
  m.record = record;
  notifier_->send(tx, to, m);
}

}  // namespace wangge::events
