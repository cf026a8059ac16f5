// The disputes module's model (矛盾纠纷): a dispute in a place with its parties, risk and
// its changes, mediation sessions, outcome and follow-ups; and its state table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::disputes {

struct Party {
  std::int64_t id = 0;
  std::string role;  // applicant respondent other
  std::string name;
  std::optional<std::int64_t> person_id;
  std::optional<std::string> phone_sealed;
  std::string phone_masked;
};

struct Dispute {
  std::int64_t id = 0;
  std::string region_code, region_path;
  std::string type, title, description, place;
  std::string risk;    // low medium high
  std::string source;  // visit event police window petition self
  std::string source_ref;
  std::string status = "open";  // open mediating settled failed referred
  std::optional<std::string> referred_to;
  std::string outcome_detail;
  std::optional<std::int64_t> mediator_id;
  std::string found_on;
  std::optional<std::string> closed_on;
  std::int64_t version = 1;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0, updated_at = 0;
  std::vector<Party> parties;
};

struct Session {
  std::int64_t id = 0;
  std::int64_t dispute_id = 0;
  std::string held_on;
  std::optional<std::int64_t> mediator_id;
  std::string mediator_name, participants, record, agreement;
  std::string result;  // continue agreement failed
};

struct Followup {
  std::int64_t id = 0;
  std::int64_t dispute_id = 0;
  std::string visited_on, note;
  bool stable = true;
};

struct RiskChange {
  std::string from_risk, to_risk, reason;
  std::int64_t changed_at = 0;
};

inline constexpr const char* kTypes[] = {"neighbour", "family",   "marriage", "labour", "property",
                                         "land",      "contract", "damages",  "other"};
inline constexpr const char* kRisks[] = {"low", "medium", "high"};
inline constexpr const char* kSources[] = {"visit", "event", "police", "window", "petition", "self"};
inline constexpr const char* kReferrals[] = {"court", "arbitration", "police", "petition_office", "other"};
// Types that warn by themselves (land and labour disputes are the ones that most often
// turn into collective petitions or violence).
inline constexpr const char* kHighRiskTypes[] = {"land", "labour"};

int risk_rank(std::string_view risk);     // low 0, medium 1, high 2
bool is_closed(std::string_view status);  // settled failed referred

// The state table: which step may move a dispute from which status, and where to.
struct Transition {
  std::string_view step;  // session:continue session:agreement session:failed close:failed close:referred
  std::string_view from;
  std::string_view to;
};
inline constexpr Transition kTransitions[] = {
    {"session:continue", "open", "mediating"}, {"session:continue", "mediating", "mediating"},
    {"session:agreement", "open", "settled"},  {"session:agreement", "mediating", "settled"},
    {"session:failed", "open", "failed"},      {"session:failed", "mediating", "failed"},
    {"close:failed", "open", "failed"},        {"close:failed", "mediating", "failed"},
    {"close:referred", "open", "referred"},    {"close:referred", "mediating", "referred"},
    {"close:referred", "failed", "referred"},
};
// The status after `step` from `from`; nullopt when the table does not allow it.
std::optional<std::string> next_status(std::string_view step, std::string_view from);

}  // namespace wangge::disputes
