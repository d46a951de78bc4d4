// The two fitted calibrators of CalibratedClassifierCV, as graphs on one
// column of scores: _SigmoidCalibration and IsotonicRegression (its predict
// with out_of_bounds='clip'). Written against the estimators' own state, so
// a converter of IsotonicRegression itself can share isotonic_predict.
#ifndef ONNXCONV_PLUGINS_META_CALIBRATORS_HPP
#define ONNXCONV_PLUGINS_META_CALIBRATORS_HPP

#include <onnxconv/sdk/sdk.hpp>

#include <string>

namespace onnxconv::meta {

// Refuses a calibrator whose state cannot be converted, before any node is
// made (sizes and values checked against the arrays actually there).
void check_calibrator(const sdk::Object& calibrator);

// The calibrated probability of `scores` ([N, 1], model float type) by
// `calibrator` (a _SigmoidCalibration or an IsotonicRegression); [N, 1].
std::string calibrate(const sdk::Context& ctx, const sdk::Object& calibrator, const std::string& scores);

// _SigmoidCalibration.predict: expit(-(a_ * T + b_)).
std::string sigmoid_predict(const sdk::Context& ctx, const sdk::Object& calibrator, const std::string& scores);

// IsotonicRegression.predict with out_of_bounds='clip': T clipped to
// [X_min_, X_max_], then linear interpolation between (X_thresholds_,
// y_thresholds_) as numpy.interp does.
std::string isotonic_predict(const sdk::Context& ctx, const sdk::Object& isotonic, const std::string& scores);

}  // namespace onnxconv::meta

#endif
