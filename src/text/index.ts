// Character-level text generation (makemore style): vocabulary and windows, n-gram baselines, the recurrent model.
export { CharVocabulary, charWindows, PAD, END, type CharWindows } from './char_vocabulary.js';
export { NgramModel, K_GRID } from './ngram.js';
export { CharModel, type CharModelTrainOptions, type CharTrainResult, type CharSampleOptions } from './char_model.js';
// Text classification: metrics, baselines, CSV columns, the recurrent classifier.
export { confusionMatrix, classificationReport, type ClassificationReport } from './classification_metrics.js';
export { MultinomialNB, argmax } from './naive_bayes.js';
export { LogisticRegression, bagOfWords, softmaxRegressionObjective, type SparseRows, type LogisticRegressionOptions } from './logistic_regression.js';
export { readTextCsv, writeTextCsv, csvCell, escapeLine, type ReadTextCsvOptions, type TextCsv } from './text_csv.js';
export { TextClassifier, sortClasses, type TextClassifierOptions, type TextClassifierTrainResult, type TextClassifierEvaluation } from './text_classifier.js';
