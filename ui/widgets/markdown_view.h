#pragma once
// Draws a lesson's Markdown subset (sim/lesson/markdown.h) with ImGui: headings, paragraphs
// with bold / italic / code spans wrapped word by word, code blocks, lists, tables and notes.
#include "sim/lesson/markdown.h"

#include <string_view>

namespace mailsim::ui {

class App;

void draw_markdown(App& app, const lesson::Document& document);
// A short text in the same subset (a task's sentence): parsed and drawn where the cursor is,
// wrapped lines starting under its first word.
void draw_markdown_text(App& app, std::string_view text);

} // namespace mailsim::ui
