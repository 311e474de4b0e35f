#pragma once
// `mailsim serve --class 30` (or `--class names.txt`, one student per line): one account per
// student on the served mail server, with a generated password, and a handout (Markdown and
// CSV) saying how to set up a mail client, in Korean and English. The accounts are added to
// the scenario's text as [[user]] tables, so the world, the snapshot every viewer builds its
// forms from and a later `mailsim serve class.toml` all hold the same users.
#include "sim/core/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mailsim::serve {

struct Student {
    std::string name;     // as the teacher wrote it (Korean names welcome), or "Student 07"
    std::string login;    // s07
    std::string address;  // s07@hamburger.edu
    std::string password; // ten letters and digits without look-alikes (no l, 1, o, 0)
};

struct ClassServer {
    std::string host; // what students type as the server's name or address
    int smtp_port = 0, pop3_port = 0, imap_port = 0; // 0: not served
};

// "30" = thirty students named Student 01 .. Student 30; anything else is a file of names
// (blank lines and lines starting with # skipped). Errors say what is wrong.
Result<std::vector<std::string>> class_names(const std::string& spec);
// Accounts on `domain`, logins s01, s02, ... skipping any already taken in `taken`.
std::vector<Student> make_students(const std::vector<std::string>& names, const std::string& domain,
                                   const std::vector<std::string>& taken);
// The [[user]] tables to append to a scenario's TOML text (`host`: the mailbox's server).
std::string students_toml(const std::vector<Student>& students, const std::string& host);
std::string handout_markdown(const std::vector<Student>& students, const ClassServer& server);
std::string handout_csv(const std::vector<Student>& students, const ClassServer& server);

} // namespace mailsim::serve

namespace mailsim::serve {

struct ServeOptions;

// --class: reads the scenario `options` names (or the built-in world), adds the students to
// its text, writes it to `dir`/class.toml and points `options.scenario` there.
Result<std::vector<Student>> prepare_class(ServeOptions& options, const std::string& spec,
                                           const std::string& dir);
// Writes `dir`/handout.md and `dir`/accounts.csv; returns the paths written, or the error.
Result<std::vector<std::string>> write_handout(const std::vector<Student>& students,
                                               const ClassServer& server, const std::string& dir);

} // namespace mailsim::serve
