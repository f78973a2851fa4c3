import Foundation
import RapportCore

extension OpenAPIDocument {
    /// The forecast (`ForecastAPI`): lines, quotas, adjustments, accuracy and the forecast settings.
    static func addForecast(paths: inout JSONObject, schemas: inout JSONObject) {
        let int: JSONValue = .object(["type": "integer"])
        let count: JSONValue = .object(["type": "integer", "minimum": 0])
        let adjustment = obj(
            ["scope": str(), "figure": enumOf(AdjustableFigure.allCases.map(\.rawValue)), "amount": int, "note": str(), "by": str(), "at": dateTime()],
            required: ["scope", "figure", "amount", "note", "by", "at"])
        schemas["ForecastAdjustment"] = adjustment
        schemas["ForecastLine"] = obj(
            [
                "scope": str(), "name": str(), "depth": count, "won": int, "commit": int, "best_case": int, "pipeline": int, "lost": int,
                "commit_total": int, "best_case_total": int, "weighted": int, "historical": int, "open_deals": count, "won_deals": count,
                "lost_deals": count, "quota": nullable(int), "attainment_basis_points": nullable(int),
                "adjustments": .object(["type": "object", "additionalProperties": ref("ForecastAdjustment")]),
            ],
            required: [
                "scope", "name", "depth", "won", "commit", "best_case", "pipeline", "lost", "commit_total", "best_case_total", "weighted",
                "historical", "open_deals", "won_deals", "lost_deals", "quota", "attainment_basis_points", "adjustments",
            ])
        schemas["Forecast"] = obj(
            [
                "period": str(), "first_day": .object(["type": "string", "format": "date"]), "last_day": .object(["type": "string", "format": "date"]),
                "currency": str(), "as_of": nullable(dateTime()), "measured_deals": count,
                "unconverted": .object(["type": "object", "additionalProperties": count]),
                "lines": .object(["type": "array", "items": ref("ForecastLine")]),
            ],
            required: ["period", "first_day", "last_day", "currency", "as_of", "measured_deals", "unconverted", "lines"])
        schemas["ForecastSettings"] = obj(
            [
                "fiscal_year_start": .object(["type": "integer", "minimum": 1, "maximum": 12]), "currency": str(),
                "rates": .object(["type": "object", "additionalProperties": str()]),
            ],
            required: ["fiscal_year_start", "currency", "rates"])
        let snapshot = obj(
            [
                "taken_at": dateTime(), "commit_total": int, "best_case_total": int, "weighted": int, "historical": int,
                "quota": nullable(int),
            ],
            required: ["taken_at", "commit_total", "best_case_total", "weighted", "historical", "quota"])
        schemas["ForecastAccuracy"] = obj(
            ["period": str(), "scope": str(), "actual": int, "snapshots": .object(["type": "array", "items": snapshot])],
            required: ["period", "scope", "actual", "snapshots"])
        let period = query("period", str(max: 10))
        paths["/api/v1/forecast"] = .object([
            "get": op(
                "getForecast",
                "A period's forecast (2026-11, 2026-Q4 or 2026; the current quarter by default) per person, team and workspace, in the workspace's currency; as_of rebuilds it from the deals' history",
                tag: "Forecast", params: [period, query("pipeline_id", uuid()), query("as_of", str(max: 40))],
                responses: ["200": ref("Forecast")], errors: [401, 404, 422])
        ])
        paths["/api/v1/forecast/quotas"] = .object([
            "put": op(
                "setQuota", "Set (or, with amount null, remove) a quota: scope is workspace, team:<id> or user:<id>; amount in minor units",
                tag: "Forecast",
                body: .object([
                    "type": "object", "required": .array(["period", "scope", "amount"]), "additionalProperties": false,
                    "properties": .object([
                        "period": str(max: 10), "scope": str(max: 60),
                        "amount": nullable(.object(["type": "integer", "minimum": 0, "maximum": 1_000_000_000_000_000])),
                    ]),
                ]), responses: ["204": nil], errors: [400, 401, 403, 413, 415, 422])
        ])
        paths["/api/v1/forecast/adjustments"] = .object([
            "get": op(
                "listForecastAdjustments", "Every adjustment of a period, oldest first", tag: "Forecast", params: [period],
                responses: ["200": listOf(ref("ForecastAdjustment"))], errors: [401, 422]),
            "post": op(
                "adjustForecast", "Override a line's commit, best case or pipeline with a note; the computed number is kept", tag: "Forecast",
                body: .object([
                    "type": "object", "required": .array(["period", "scope", "figure", "amount", "note"]), "additionalProperties": false,
                    "properties": .object([
                        "period": str(max: 10), "scope": str(max: 60), "figure": enumOf(AdjustableFigure.allCases.map(\.rawValue)),
                        "amount": .object(["type": "integer", "minimum": 0, "maximum": 1_000_000_000_000_000]), "note": str(max: 500),
                    ]),
                ]), responses: ["201": ref("ForecastAdjustment")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/forecast/accuracy"] = .object([
            "get": op(
                "getForecastAccuracy", "For the last finished periods: each weekly snapshot's forecast against what was won", tag: "Forecast",
                params: [
                    query("kind", enumOf(ForecastPeriod.Kind.allCases.map(\.rawValue))), query("scope", str(max: 60)),
                    query("count", .object(["type": "integer", "minimum": 1, "maximum": 12])),
                ], responses: ["200": listOf(ref("ForecastAccuracy"))], errors: [401, 403, 422])
        ])
        paths["/api/v1/settings/forecast"] = .object([
            "get": op("getForecastSettings", "The fiscal year's first month and the exchange rates", tag: "Forecast", responses: ["200": ref("ForecastSettings")], errors: [401]),
            "put": op(
                "setForecastSettings", "Change the fiscal year's first month and exchange rates (rates as decimal strings; null removes one); admins",
                tag: "Forecast",
                body: .object([
                    "type": "object", "additionalProperties": false,
                    "properties": .object([
                        "fiscal_year_start": .object(["type": "integer", "minimum": 1, "maximum": 12]),
                        "rates": .object(["type": "object", "additionalProperties": nullable(str(max: 30))]),
                    ]),
                ]), responses: ["200": ref("ForecastSettings")], errors: [400, 401, 403, 413, 415, 422]),
        ])
    }
}
