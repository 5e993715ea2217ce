/** Watches the churn deployment's answers in windows of 50 rows; drift in two windows running raises the alert. */
import { monitor } from "conveyor";

export default monitor({ name: "churn-drift", deployment: "churn-api", window: { rows: 50 }, consecutiveWindows: 2 });
