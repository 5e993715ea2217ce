/** The feature store: views declared once, read point-in-time for training and from Redis for serving. */
export { historicalFeatures, materializeFeatures } from "./components.ts";
export { type AggregateSpec, type FeatureSource, type FeatureSpec, type FeatureType, type FeatureView, type FeatureViewConfig, featureView } from "./feature-view.ts";
export { type HistoricalFeaturesOptions, type MaterializeOptions, getHistoricalFeatures, materialize, writeHistoricalFeatures } from "./offline.ts";
export { type FeatureValue, getOnlineFeatures, type OnlineFeaturesOptions } from "./online.ts";
