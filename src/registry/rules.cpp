#include "registry/rules.h"

#include "core/error.h"
#include "registry/id_number.h"

namespace wangge::registry {
namespace {

class ThrowAtFirst final : public Problems {
 public:
  void add(const char* field, std::string en, std::string zh) override {
    throw_validation(field, std::move(en), std::move(zh));
  }
};

// The ID number, and the gender and birth date it decides. False when a problem was found.
bool check_identity(const PersonInput& in, Person& p, const PersonRules& rules, const Crypto& crypto,
                    Problems& problems, PersonSecrets& secrets) {
  std::optional<std::string> gender = in.gender, birth = in.birth_date;
  if (in.id_number.sent && in.id_number.value) {  // set()
    IdProblem problem;
    auto parsed = parse_id_number(*in.id_number.value, rules.today, &problem);
    if (!parsed) {
      problems.add("id_number", problem.en, problem.zh);
      return false;
    }
    if (gender && *gender != parsed->gender)
      problems.add("gender", "does not match the ID number", "与身份证号码中的性别不符");
    if (birth && *birth != parsed->birth_date)
      problems.add("birth_date", "does not match the ID number (" + parsed->birth_date + ")",
                   "与身份证号码中的出生日期（" + parsed->birth_date + "）不符");
    gender = parsed->gender;
    birth = parsed->birth_date;
    secrets.id_number = parsed->normalized;
    p.id_index = crypto.blind_index("id_number", parsed->normalized);
    p.id_masked = mask_id_number(parsed->normalized);
  } else if (rules.id_number_required) {
    problems.add("id_number", "required (rows are matched by ID number)", "必填（按身份证号码匹配）");
    return false;
  }
  // With an ID number on file, gender and birth date are the number's; the number itself
  // may be corrected but not removed (null would otherwise unbind them).
  if (!rules.creating && in.id_number.sent && !in.id_number.value && p.id_index)
    problems.add("id_number", "an ID number on file can be corrected, not removed",
                 "已登记的身份证号码只能更正，不能删除");
  if (!rules.creating && !in.id_number.set() && p.id_index) {
    if (gender && *gender != p.gender)
      problems.add("gender", "comes from the ID number on file", "由登记的身份证号码确定");
    if (birth && *birth != p.birth_date)
      problems.add("birth_date", "comes from the ID number on file", "由登记的身份证号码确定");
  }
  if (gender) p.gender = *gender;
  if (birth) {
    if (*birth > rules.today || *birth < "1900-01-01")
      problems.add("birth_date", "a past date after 1900", "应为 1900 年以后的过去日期");
    p.birth_date = *birth;
  }
  if (rules.creating && p.gender.empty()) problems.add("gender", "required without an ID number", "无身份证号码时必填");
  if (rules.creating && p.birth_date.empty())
    problems.add("birth_date", "required without an ID number", "无身份证号码时必填");
  return true;
}

void check_phone(const PersonInput& in, Person& p, const Crypto& crypto, Problems& problems, PersonSecrets& secrets) {
  if (!in.phone.sent) return;
  if (!in.phone.value) {
    p.phone_sealed.reset();
    p.phone_index.reset();
    p.phone_masked.clear();
    return;
  }
  if (!valid_phone(*in.phone.value)) {
    problems.add("phone", "an 11-digit mobile or a landline with area code", "应为 11 位手机号或带区号的固话");
    return;
  }
  std::string phone = normalize_phone(*in.phone.value);
  secrets.phone = phone;
  p.phone_index = crypto.blind_index("phone", phone);
  p.phone_masked = mask_phone(phone);
}

// Residence permit dates: a floating resident's, the expiry after the registration.
void check_residence(const PersonInput& in, Person& p, const PersonRules& rules, Problems& problems) {
  if (in.residence_type) {
    p.residence_type = *in.residence_type;
  } else if (rules.creating) {
    p.residence_type = "registered";
  }
  if (p.residence_type == "floating") {
    // A date sent as null clears it.
    if (in.floating_registered_on.sent) p.floating_registered_on = in.floating_registered_on.value;
    if (in.floating_expires_on.sent) p.floating_expires_on = in.floating_expires_on.value;
    if (p.floating_registered_on && p.floating_expires_on && *p.floating_expires_on < *p.floating_registered_on)
      problems.add("floating_expires_on", "after the registration date", "应晚于登记日期");
    return;
  }
  if (in.floating_registered_on.set() || in.floating_expires_on.set())
    problems.add("residence_type", "only floating residents have residence permit dates",
                 "仅流动人口有居住证登记与到期日期");
  p.floating_registered_on.reset();
  p.floating_expires_on.reset();
}

}  // namespace

Problems& Problems::first() {
  static ThrowAtFirst instance;
  return instance;
}

PersonSecrets check_person(const PersonInput& in, Person& p, const PersonRules& rules, const Crypto& crypto,
                           Problems& problems) {
  PersonSecrets secrets;
  if (in.name) p.name = *in.name;
  check_identity(in, p, rules, crypto, problems, secrets);
  check_phone(in, p, crypto, problems, secrets);
  check_residence(in, p, rules, problems);
  if (in.note) p.note = *in.note;
  return secrets;
}

void check_household(const HouseholdInput& in, Problems& problems) {
  if (in.landlord_id && in.housing_type != "rented")
    problems.add("landlord_id", "only a rented home has a landlord", "仅出租房屋登记房东");
}

void check_building(const BuildingInput& in, Problems& problems) {
  // Written so that NaN is out of every range.
  auto within = [](double v, double lo, double hi) { return v >= lo && v <= hi; };
  if (in.floors && !within(*in.floors, 1, 200)) problems.add("floors", "1 to 200", "应为 1 到 200");
  if (in.lat && !within(*in.lat, -90, 90)) problems.add("lat", "out of range", "超出范围");
  if (in.lng && !within(*in.lng, -180, 180)) problems.add("lng", "out of range", "超出范围");
}

void check_business(const BusinessInput& in, Problems& problems) {
  if (in.licence_no && !valid_credit_code(*in.licence_no))
    problems.add("licence_no", "not a valid unified social credit code (check character)",
                 "统一社会信用代码无效（校验位不符）");
}

bool valid_credit_code(std::string_view code) {
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (code.size() != 18) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 18; ++i) {
    auto pos = kChars.find(code[i]);
    if (pos == std::string_view::npos) return false;
    if (i < 17) sum += static_cast<int>(pos) * kWeights[i];
  }
  int check = (31 - sum % 31) % 31;
  return kChars[static_cast<std::size_t>(check)] == code[17];
}

}  // namespace wangge::registry
