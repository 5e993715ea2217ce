/** The iris data's columns, shared by the CI example's pipelines. */
export const TARGET = "target";
export const FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];
