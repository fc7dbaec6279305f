// The floor: the simplest raw-Xapian indexing loop, single-threaded, with the
// same fields Byline indexes (id term, title twice, body, stored record),
// one add_document per article and one commit at the end.
//
//   floor OUT_DB < corpus.jsonl
#include <xapian.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: floor OUT_DB < corpus.jsonl\n";
    return 2;
  }
  try {
    Xapian::WritableDatabase db(argv[1], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::string line;
    while (std::getline(std::cin, line)) {
      auto j = nlohmann::json::parse(line);
      Xapian::Document doc;
      doc.set_data(line);
      doc.add_boolean_term("Q" + j["id"].get<std::string>());
      tg.set_document(doc);
      const std::string title = j["title"].get<std::string>();
      tg.index_text(title, 3);
      tg.index_text(title, 1, "S");
      tg.increase_termpos();
      tg.index_text(j["body"].get<std::string>());
      db.add_document(doc);
    }
    db.commit();
  } catch (const Xapian::Error& e) {
    std::cerr << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
