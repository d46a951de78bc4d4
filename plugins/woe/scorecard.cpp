// The portable WOE scorecard (docs/scorecard-format.md), read by the host
// from YAML into an onnxconv.scorecard.Scorecard object. Per feature, each
// input value gets the value of its bin, of `other` (in no bin) or of
// `missing` (NaN); the output is those WOE values, or the score:
// intercept + the sum of every feature's points.
#include "binning_graph.hpp"
#include "card_entry.hpp"
#include "converters.hpp"
#include "intervals.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace onnxconv::woe {

namespace {

enum class Output { Score, Woe };

// The numbers of a bin, `missing` or `other`, and where they are written.
struct CardValue {
  Entry entry;
  double woe = 0;
  std::optional<double> points;
};

struct CardBin {
  CardValue value;
  std::string name;              // "bins[2]"
  std::vector<Interval> pieces;  // numeric: one interval; categorical: [c, c] per code
};

struct CardFeature {
  Entry entry;
  int64_t column = 0;
  bool categorical = false;
  std::optional<double> coefficient;
  std::vector<CardBin> bins;
  CardValue missing;
  std::optional<CardValue> other;
};

struct Card {
  Output output = Output::Score;
  double intercept = 0;
  int64_t n_features = 0;
  std::vector<CardFeature> features;
};

CardValue read_value(const Entry& e) {
  return CardValue{e, e.number("woe"), e.opt_number("points")};
}

Output parse_output(const std::string& s, const std::function<void(const std::string&)>& fail) {
  if (s == "score") return Output::Score;
  if (s == "woe") return Output::Woe;
  fail("output must be 'score' or 'woe', got '" + s + "'");
  return Output::Score;
}

CardBin read_numeric_bin(const Entry& e, const std::string& name) {
  e.allow_only({"interval", "woe", "points"});
  Interval iv = e.interval("interval");
  bool empty = iv.lo > iv.hi || (iv.lo == iv.hi && !(iv.lo_closed && iv.hi_closed));
  if (empty) e.fail_at("interval", "interval " + iv.str() + " is empty");
  return CardBin{read_value(e), name, {iv}};
}

CardBin read_categorical_bin(const Entry& e, const std::string& name, std::map<int64_t, std::string>& seen) {
  e.allow_only({"codes", "woe", "points"});
  CardBin bin{read_value(e), name, {}};
  for (int64_t code : e.integers("codes")) {
    auto [it, fresh] = seen.emplace(code, name);
    if (!fresh) e.fail_at("codes", "code " + std::to_string(code) + " is already in " + it->second);
    double c = double(code);
    bin.pieces.push_back(Interval{c, c, true, true});
  }
  return bin;
}

CardFeature read_feature(const Entry& raw, size_t index) {
  raw.allow_only({"name", "column", "type", "coefficient", "bins", "missing", "other"});
  Entry e = raw.named(raw.text("name"));
  std::string type = e.text("type");
  if (type != "numeric" && type != "categorical")
    e.fail_at("type", "type must be 'numeric' or 'categorical', got '" + type + "'");
  Entry missing = e.entry("missing");
  missing.allow_only({"woe", "points"});
  CardFeature f{e, e.opt_integer("column").value_or(int64_t(index)), type == "categorical",
                e.opt_number("coefficient"), {}, read_value(missing), std::nullopt};
  if (f.column < 0) e.fail_at("column", "column must be >= 0");
  if (e.has("other")) {
    Entry other = e.entry("other");
    other.allow_only({"woe", "points"});
    f.other = read_value(other);
  }
  if (f.categorical && !f.other)
    e.fail("missing key 'other': a categorical feature needs the value of codes not listed");
  std::map<int64_t, std::string> codes;
  std::vector<Entry> bins = e.entries("bins");
  for (size_t i = 0; i < bins.size(); ++i) {
    std::string name = "bins[" + std::to_string(i) + "]";
    f.bins.push_back(f.categorical ? read_categorical_bin(bins[i], name, codes) : read_numeric_bin(bins[i], name));
  }
  return f;
}

Card read_card(const Context& ctx, const Object& est) {
  Entry root = Entry::root(est);
  root.allow_only({"onnxconv_scorecard", "name", "output", "intercept", "n_features", "features"});
  auto version = root.opt_integer("onnxconv_scorecard");
  if (version != 1)
    root.fail_at("onnxconv_scorecard", "unsupported scorecard format version; this onnxconv reads version 1");
  Card card;
  if (auto out = root.opt_text("output"))
    card.output = parse_output(*out, [&](const std::string& m) { root.fail_at("output", m); });
  if (auto opt = ctx.option("output"))
    card.output = parse_output(*opt, [](const std::string& m) { throw sdk::Error("option output: " + m); });
  card.intercept = root.opt_number("intercept").value_or(0.0);
  std::set<std::string> names;
  std::vector<Entry> features = root.entries("features");
  for (size_t i = 0; i < features.size(); ++i) {
    card.features.push_back(read_feature(features[i], i));
    const std::string name = features[i].text("name");
    if (!names.insert(name).second) features[i].fail_at("name", "feature name '" + name + "' is used twice");
    card.n_features = std::max(card.n_features, card.features.back().column + 1);
  }
  if (auto n = root.opt_integer("n_features")) {
    for (const auto& f : card.features)
      if (f.column >= *n) f.entry.fail_at("column", "column " + std::to_string(f.column) + " is not below n_features " +
                                                        std::to_string(*n));
    card.n_features = *n;
  }
  return card;
}

// What the model outputs for one bin / missing / other value.
double output_value(const Card& card, const CardFeature& f, const CardValue& v) {
  if (card.output == Output::Woe) return v.woe;
  if (f.coefficient) {
    if (v.points) v.entry.fail_at("points", "give the feature's coefficient or points, not both");
    return *f.coefficient * v.woe;
  }
  if (!v.points) v.entry.fail("missing key 'points' (output: score needs points here, or the feature's coefficient)");
  return *v.points;
}

void refuse_overlap(const CardFeature& f, const Segmentation& s) {
  for (const auto& bins : s.bins) {
    if (bins.size() < 2) continue;
    const CardBin& a = f.bins[size_t(bins[0])];
    const CardBin& b = f.bins[size_t(bins[1])];
    b.value.entry.fail_at("interval", b.pieces[0].str() + " overlaps " + a.name + " " + a.pieces[0].str() +
                                          " (bins of a feature must not overlap)");
  }
}

// A segment no bin covers needs `other`.
void refuse_gaps(const CardFeature& f, const Segmentation& s) {
  if (f.other) return;
  for (size_t j = 0; j < s.nan_segment(); ++j)
    if (s.bins[j].empty())
      f.entry.fail("the value " + format_double(s.cuts[j]) +
                   " is in no bin: add an 'other' value or close the gap between the bins");
}

ColumnTable feature_table(const Card& card, const CardFeature& f) {
  std::vector<Piece> pieces;
  for (size_t b = 0; b < f.bins.size(); ++b)
    for (const Interval& iv : f.bins[b].pieces) pieces.push_back({iv, int32_t(b)});
  Segmentation s = segment(pieces, sdk::SourceInput::AsIs, f.entry.label());
  refuse_overlap(f, s);
  refuse_gaps(f, s);
  ColumnTable t;
  t.input_column = f.column;
  t.where = f.entry.label();
  t.width = 1;
  for (size_t j = 0; j < s.n_segments(); ++j) {
    const CardValue& v = j == s.nan_segment() ? f.missing
                         : s.bins[j].empty()  ? *f.other
                                              : f.bins[size_t(s.bins[j][0])].value;
    t.values.push_back(output_value(card, f, v));
  }
  t.cuts = std::move(s.cuts);
  return t;
}

}  // namespace

std::vector<ValueType> ScorecardConverter::infer(Context& ctx, const Object& est,
                                                 const std::vector<ValueType>& inputs) {
  Card card = read_card(ctx, est);
  for (const auto& f : card.features) feature_table(card, f);  // every check, before any conversion
  check_input(ctx, est, inputs, card.n_features);
  return {float_output(ctx, card.output == Output::Score ? 1 : int64_t(card.features.size()))};
}

void ScorecardConverter::convert(Context& ctx, const Object& est, const std::vector<std::string>& inputs,
                                 const std::vector<std::string>& outputs) {
  Card card = read_card(ctx, est);
  std::vector<ColumnTable> tables;
  for (const auto& f : card.features) tables.push_back(feature_table(card, f));
  if (card.output == Output::Score) {
    emit_score(ctx, inputs[0], tables, card.intercept, est.path(), outputs[0]);
    return;
  }
  std::vector<OutputColumn> layout;
  for (size_t t = 0; t < tables.size(); ++t) layout.push_back({int64_t(t), 0});
  emit_columns(ctx, inputs[0], card.n_features, tables, layout, est.path(), outputs[0]);
}

}  // namespace onnxconv::woe
