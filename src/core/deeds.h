// Deeds: what a person did in one module that another module counts (points, later the
// assessment). A module that sees a deed done (an event closed, an order completed, a
// wish fulfilled, a household visited, volunteer minutes certified) calls its sink inside
// the transaction that records the deed, so the deed and what is counted for it commit or
// roll back together; the counting side keys what it writes by (kind, ref, who), so a
// deed reported again (a retried request, a re-run batch, a replay after a crash) is
// counted once. A revised deed (minutes corrected) is reported again with its new
// quantity and a reason; the counting side records the difference.
//
// Thread safety: a Sink is set once while the app is wired, then only called.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wangge::storage {
class Tx;
}

namespace wangge::deeds {

// The kinds of deed (points rules name them; docs/POINTS.md lists who reports each).
inline constexpr std::string_view kVolunteerHour = "volunteer_hour";    // volunteers: minutes certified
inline constexpr std::string_view kReportClosed = "report_closed";      // events: a resident's report closed
inline constexpr std::string_view kSelfHandled = "self_handled";        // events: a grid worker handled it on the spot
inline constexpr std::string_view kWishFulfilled = "wish_fulfilled";    // services: a claimed wish confirmed
inline constexpr std::string_view kOrderCompleted = "order_completed";  // services: an order confirmed by its requester
inline constexpr std::string_view kVisitDone = "visit_done";            // registry: a household visit recorded
inline constexpr std::string_view kMeetingAttended = "meeting_attended";  // deliberation (issue 20)

struct Deed {
  std::string_view kind;
  std::string ref;  // the record that proves it, unique within the kind: "event:42"
  // Who did it: an account, or a registry person without one (a volunteer); the household
  // the person belongs to earns too when a household rule exists.
  std::optional<std::int64_t> user_id, person_id, household_id;
  std::string region_path;               // where it was done
  std::int64_t quantity = 1;             // 1, or minutes for volunteer_hour
  std::int64_t at = 0;                   // epoch ms
  std::string reason;                    // a revision's reason ("minutes corrected: ...")
  std::optional<std::int64_t> actor_id;  // who recorded it
};

using Sink = std::function<void(storage::Tx&, const Deed&)>;

}  // namespace wangge::deeds
