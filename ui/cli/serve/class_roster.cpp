#include "class_roster.h"

#include "sim/world/scenario_writer.h"
#include "ui/cli/scenario_loader.h"

#include <algorithm>
#include <cctype>
#include <random>
#include <sstream>

namespace mailsim::serve {

namespace {

constexpr std::size_t kMaxStudents = 1000;

std::string random_password() {
    static const std::string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    std::random_device device;
    std::string out;
    for (int i = 0; i < 10; ++i)
        out += alphabet[device() % alphabet.size()];
    return out;
}

// The scenario writer's TOML quoting, of the text on one line (a name is one line).
std::string toml_quoted(const std::string& text) {
    std::string line;
    for (const char c : text)
        if (static_cast<unsigned char>(c) >= 0x20)
            line += c;
    return world::toml_quote(line);
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string trim(const std::string& line) {
    const auto begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
        return {};
    const auto end = line.find_last_not_of(" \t\r");
    return line.substr(begin, end - begin + 1);
}

std::string port_text(int port) {
    return port > 0 ? std::to_string(port) : std::string("-");
}

} // namespace

Result<std::vector<std::string>> class_names(const std::string& spec) {
    std::vector<std::string> names;
    if (!spec.empty() && std::all_of(spec.begin(), spec.end(),
                                     [](unsigned char c) { return std::isdigit(c) != 0; })) {
        const unsigned long count = std::stoul(spec.substr(0, 6));
        if (count == 0 || count > kMaxStudents)
            return Error{"--class: between 1 and " + std::to_string(kMaxStudents) + " students"};
        const int width = count >= 100 ? 3 : 2;
        for (unsigned long i = 1; i <= count; ++i) {
            std::string number = std::to_string(i);
            number.insert(
                0, static_cast<std::size_t>(width) - std::min<std::size_t>(number.size(), width),
                '0');
            names.push_back("Student " + number);
        }
        return names;
    }
    auto text = world::read_whole_file(spec);
    if (!text)
        return Error{"--class: cannot read '" + spec + "' (give a number or a file of names)"};
    std::istringstream in(*text);
    std::string line;
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || line[0] == '#')
            continue;
        names.push_back(line);
    }
    if (names.empty())
        return Error{"--class: '" + spec + "' lists no names"};
    if (names.size() > kMaxStudents)
        return Error{"--class: at most " + std::to_string(kMaxStudents) + " students"};
    return names;
}

std::vector<Student> make_students(const std::vector<std::string>& names, const std::string& domain,
                                   const std::vector<std::string>& taken) {
    std::vector<Student> students;
    const int width = names.size() >= 100 ? 3 : 2;
    int number = 0;
    for (const auto& name : names) {
        Student s;
        s.name = name;
        do {
            std::string digits = std::to_string(++number);
            while (digits.size() < static_cast<std::size_t>(width))
                digits.insert(0, "0");
            s.login = "s" + digits;
            s.address = s.login + "@" + domain;
        } while (std::find(taken.begin(), taken.end(), s.address) != taken.end());
        s.password = random_password();
        students.push_back(std::move(s));
    }
    return students;
}

std::string students_toml(const std::vector<Student>& students, const std::string& host) {
    std::string out = "\n# The class, added by `mailsim serve --class`.\n";
    for (const auto& s : students) {
        out += "\n[[user]]\naddress = " + toml_quoted(s.address) +
               "\nlogin = " + toml_quoted(s.login) + "\nname = " + toml_quoted(s.name) +
               "\npassword = " + toml_quoted(s.password) + "\nhost = " + toml_quoted(host) + "\n";
    }
    return out;
}

std::string handout_markdown(const std::vector<Student>& students, const ClassServer& server) {
    std::string out;
    out += "# 메일 실습 계정 / Mail lab accounts\n\n";
    out += "## 메일 클라이언트 설정\n\n";
    out += "메일 클라이언트(Thunderbird, Python의 smtplib/poplib, telnet)에 아래 서버와 자기 "
           "계정을 설정하세요. 보내는 메일 서버(SMTP)는 `" +
           server.host + "` 포트 " + port_text(server.smtp_port) + ", 받는 메일 서버는 POP3 포트 " +
           port_text(server.pop3_port) + " 또는 IMAP 포트 " + port_text(server.imap_port) +
           "입니다. 보안 연결(SSL/TLS, STARTTLS)은 \"없음\"으로 하고, 보내는 메일 서버는 인증 "
           "없음, 받는 메일 서버는 \"일반 암호\" 인증에 사용자 이름으로 로그인 이름을 씁니다. 이 "
           "서버는 수업용 시뮬레이션이라 암호가 "
           "암호화되지 않고 전송되므로, 다른 곳에서 쓰는 암호를 넣지 마세요. 보낸 메일과 받은 "
           "메일의 명령과 응답은 프로젝터 화면과 자기 브라우저에서 실시간으로 볼 수 있습니다. "
           "교수자가 "
           "허용하면 브라우저에서도 메일을 보낼 수 있는데, 이때도 아래의 주소와 암호로 로그인해서 "
           "자기 계정으로만 보냅니다.\n\n";
    out += "## Setting up a mail client\n\n";
    out += "Point your mail client (Thunderbird, Python's smtplib/poplib, telnet) at the "
           "server below with your own account. Outgoing mail (SMTP): `" +
           server.host + "` port " + port_text(server.smtp_port) + "; incoming mail: POP3 port " +
           port_text(server.pop3_port) + " or IMAP port " + port_text(server.imap_port) +
           ". Set connection security (SSL/TLS, STARTTLS) to \"none\"; outgoing mail needs no "
           "authentication, incoming mail uses \"normal password\" with your login as the user "
           "name. This is a simulated classroom "
           "server: passwords travel unencrypted, so never use a password you use elsewhere. "
           "Every command and reply you send appears live on the projector and in your own "
           "browser. When the teacher allows it you can send mail from the browser too: sign in "
           "there with the address and password below, and it sends from your account only.\n\n";
    out += "## 계정 / Accounts\n\n";
    out += "| 이름 / Name | 주소 / Address | 로그인 / Login | 암호 / Password |\n";
    out += "|---|---|---|---|\n";
    for (const auto& s : students)
        out +=
            "| " + s.name + " | `" + s.address + "` | `" + s.login + "` | `" + s.password + "` |\n";
    return out;
}

std::string handout_csv(const std::vector<Student>& students, const ClassServer& server) {
    std::string out =
        "name,address,login,password,smtp_host,smtp_port,pop3_host,pop3_port,imap_host,imap_port\n";
    for (const auto& s : students) {
        out += csv_field(s.name) + "," + s.address + "," + s.login + "," + s.password;
        for (const int port : {server.smtp_port, server.pop3_port, server.imap_port})
            out += "," + (port > 0 ? server.host + "," + std::to_string(port) : std::string(","));
        out += "\n";
    }
    return out;
}

} // namespace mailsim::serve

#include "default_world.h"
#include "serve_loop.h"

#include <filesystem>
#include <fstream>

namespace mailsim::serve {

namespace {

Status write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        return make_error("cannot write " + path);
    return Ok{};
}

} // namespace

Result<std::vector<Student>> prepare_class(ServeOptions& options, const std::string& spec,
                                           const std::string& dir) {
    auto names = class_names(spec);
    if (!names)
        return names.error();
    std::string text;
    std::string source = "serve-default";
    if (options.scenario.empty()) {
        text = std::string(default_world_text());
    } else {
        auto loaded = world::load_scenario(options.scenario, options.data_dir,
                                           [&text](const std::string& path) {
                                               auto bytes = world::read_whole_file(path);
                                               if (bytes)
                                                   text = *bytes;
                                               return bytes;
                                           });
        if (!loaded)
            return loaded.error();
        source = options.scenario;
    }
    auto scenario = world::parse_scenario(text, source);
    if (!scenario)
        return Error{world::format_error(source, scenario.error())};
    const world::HostSpec* server = nullptr;
    for (const auto& host : scenario->hosts)
        if (has_role(host, "mta") && !host.domains.empty() &&
            (options.host.empty() || host.name == options.host)) {
            server = &host;
            break;
        }
    if (!server)
        return Error{"--class: the world has no mail server with a domain for the accounts"};
    std::vector<std::string> taken;
    for (const auto& user : scenario->users)
        taken.push_back(user.address);
    auto students = make_students(*names, server->domains.front(), taken);
    text += students_toml(students, server->name);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return Error{"--handout: cannot create " + dir + ": " + ec.message()};
    const std::string path = dir + "/class.toml";
    if (auto status = write_file(path, text); !status)
        return status.error();
    options.scenario = path;
    return students;
}

Result<std::vector<std::string>> write_handout(const std::vector<Student>& students,
                                               const ClassServer& server, const std::string& dir) {
    const std::string markdown = dir + "/handout.md", csv = dir + "/accounts.csv";
    if (auto status = write_file(markdown, handout_markdown(students, server)); !status)
        return status.error();
    if (auto status = write_file(csv, handout_csv(students, server)); !status)
        return status.error();
    return std::vector<std::string>{markdown, csv};
}

} // namespace mailsim::serve
