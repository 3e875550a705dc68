// What a fuzz target does with a violated property: print it and trap, so libFuzzer saves
// the input. With SEEOTHER_FUZZ_SURVEY=DIR set, it instead saves the first input of each
// distinct message in DIR (and a line in DIR/index) and goes on: a survey of every kind of
// violation in one run, where libFuzzer would stop at the first.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace seeother::fuzz {

inline void report(const char* target, std::string_view input, const std::string& problem) {
    const char* survey = std::getenv("SEEOTHER_FUZZ_SURVEY");
    if (survey == nullptr || *survey == '\0') {
        std::fprintf(stderr, "%s: property violated: %s\n", target, problem.c_str());
        __builtin_trap();
    }
    static std::set<std::string> seen;
    if (seen.size() >= 1000 || !seen.insert(problem).second)
        return;
    const std::string name = std::to_string(std::hash<std::string>{}(problem));
    if (std::FILE* out = std::fopen((std::string(survey) + "/" + name).c_str(), "wb")) {
        std::fwrite(input.data(), 1, input.size(), out);
        std::fclose(out);
    }
    if (std::FILE* index = std::fopen((std::string(survey) + "/index").c_str(), "a")) {
        std::fprintf(index, "%s\t%s\t%s\n", target, name.c_str(), problem.c_str());
        std::fclose(index);
    }
}

} // namespace seeother::fuzz
