// The decomposition plugin's one export (class paths as scikit-learn 0.22
// and later pickle them). Keep this list and plugin.yaml in step.
#include "decomposition.hpp"

using namespace onnxconv::decomposition;
using onnxconv::sdk::converter_for;

ONNXCONV_PLUGIN("decomposition", "0.1.0",
                converter_for<PcaConverter>("sklearn.decomposition._pca.PCA"),
                converter_for<PcaConverter>("sklearn.decomposition._incremental_pca.IncrementalPCA"),
                converter_for<TruncatedSvdConverter>("sklearn.decomposition._truncated_svd.TruncatedSVD"),
                converter_for<KernelPcaConverter>("sklearn.decomposition._kernel_pca.KernelPCA"),
                converter_for<FastIcaConverter>("sklearn.decomposition._fastica.FastICA"),
                converter_for<LdaConverter>("sklearn.discriminant_analysis.LinearDiscriminantAnalysis"),
                converter_for<QdaConverter>("sklearn.discriminant_analysis.QuadraticDiscriminantAnalysis"))
