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

// What a person reads for the codes above and the statuses (exports): zh-CN and English.
struct Label {
  std::string_view code, zh, en;
};
inline constexpr Label kLabels[] = {
    {"neighbour", "邻里纠纷", "neighbour"},
    {"family", "家庭纠纷", "family"},
    {"marriage", "婚姻纠纷", "marriage"},
    {"labour", "劳动争议", "labour"},
    {"property", "物业纠纷", "property"},
    {"land", "土地纠纷", "land"},
    {"contract", "合同纠纷", "contract"},
    {"damages", "损害赔偿纠纷", "damages"},
    {"other", "其他", "other"},
    {"low", "低", "low"},
    {"medium", "中", "medium"},
    {"high", "高", "high"},
    {"visit", "走访排查", "household visit"},
    {"event", "事件转入", "from an event"},
    {"police", "公安移交", "from the police"},
    {"window", "窗口受理", "service window"},
    {"petition", "信访转入", "from petitions"},
    {"self", "当事人申请", "a party asked"},
    {"open", "待调解", "open"},
    {"mediating", "调解中", "mediating"},
    {"settled", "调解成功", "settled"},
    {"failed", "调解不成", "failed"},
    {"referred", "已移交", "referred"},
    {"applicant", "申请人", "applicant"},
    {"respondent", "被申请人", "respondent"},
};
// Where a dispute was referred (kReferrals).
inline constexpr Label kReferralLabels[] = {
    {"court", "法院", "court"},       {"arbitration", "仲裁机构", "arbitration"},
    {"police", "公安机关", "police"}, {"petition_office", "信访部门", "petition office"},
    {"other", "其他", "other"},
};
// The label of a code in the reader's language (kLabels, or kReferralLabels when
// `referral`); the code itself when it has none.
std::string_view label(std::string_view code, bool zh, bool referral = false);

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
