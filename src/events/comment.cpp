// 补充说明: the reporter adds to their report (what they saw since, a photo, an answer to a
// question); also what an Open311 client posts back as a service request update, its own
// update id kept so that a retry adds nothing.
#include <boost/json/parse.hpp>

#include "events/step_helpers.h"

namespace wangge::events {

void comment(Step& s) {
  if (auto id = json::opt_string(s.body, "client_update_id", 64)) s.detail["client_update_id"] = *id;
  if (auto author = json::opt_string(s.body, "author", 50)) s.detail["author"] = *author;
}

namespace {

// The comment entry an Open311 client's update made: by its update id, or its latest.
std::optional<std::int64_t> client_entry(storage::Tx& tx, std::int64_t event_id,
                                         const std::optional<std::string>& client_id) {
  std::optional<std::int64_t> found;
  for (const auto& t : store::timeline(tx, event_id)) {
    if (t.action != "comment") continue;
    if (!client_id) {
      found = t.id;
      continue;
    }
    boost::system::error_code ec;
    auto detail = boost::json::parse(t.detail, ec);
    if (!ec && detail.is_object() && detail.as_object().contains("client_update_id") &&
        detail.at("client_update_id") == json::value(*client_id))
      return t.id;
  }
  return client_id ? std::nullopt : found;
}

}  // namespace

std::pair<Event, std::int64_t> Service::client_comment(const Context& ctx, std::int64_t id, const json::object& body) {
  auto client_id = json::opt_string(body, "client_update_id", 64);
  std::optional<Event> done;
  db_.write([&](storage::Tx& tx) {
    done.reset();
    auto e = store::get(tx, id);
    if (!e || e->source != "open311") throw_not_found("no service request " + std::to_string(id), "服务请求不存在");
    if (client_id && client_entry(tx, id, client_id)) return;  // a retry: the entry is there
    done = act(tx, ctx, id, *find_transition("comment", Actor::reporter), e->version, body, /*by_tracking_code=*/true);
  });
  if (done) published(*done);
  // The entry's id is known once it is committed (timeline rows are inserted at commit).
  std::pair<Event, std::int64_t> out;
  db_.read([&](storage::Tx& tx) {
    out.first = *store::get(tx, id);
    out.second = client_entry(tx, id, client_id).value_or(0);
  });
  return out;
}

}  // namespace wangge::events
