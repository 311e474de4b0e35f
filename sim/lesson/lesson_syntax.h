#pragma once
// Syntax of the three little languages inside lesson files: event matches (`run_to`,
// `pause_at`, `run until=`), task checks (`done_when`) and solution actions (`solution`).
// These checks need no world: lint runs them on every file, and the world's own parser
// (sim/world) decides what a match means at run time.
#include "sim/core/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace mailsim::lesson {

// One word of a spec: `kind`, `key=value`, `key>=value`, `key="quoted value"` or `down`.
struct SpecToken {
    std::string key;   // the word itself when there is no operator
    std::string op;    // "", "=", ">=", "<="
    std::string value; // unquoted
    size_t offset = 0; // byte offset of the token in the spec
};

// Splits a spec into tokens; the error column is 1-based within the spec.
Result<std::vector<SpecToken>> tokenize_spec(std::string_view spec);
// A count against a token such as `messages>=2` (`=`, `>=` or `<=`): shared by task checks
// and expectations.
bool count_matches(long long actual, const SpecToken& count);

// Each returns an error whose column is 1-based within the spec text.
Status check_event_match(std::string_view spec);
Status check_task_check(std::string_view spec);
Status check_solution_action(std::string_view spec);
Status check_highlight(std::string_view spec);

bool is_known_view(std::string_view view);
const std::vector<std::string_view>& known_views();

} // namespace mailsim::lesson
