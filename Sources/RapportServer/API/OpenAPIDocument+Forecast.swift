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
        let cell: JSONValue = .object(["oneOf": .array([str(), int, .object(["type": "number"]), .object(["type": "null"]),
            obj(["amount_minor": int, "currency": str()], required: ["amount_minor", "currency"])])])
        let row: JSONValue = .object(["type": "object", "additionalProperties": cell])
        schemas["Report"] = obj(
            [
                "report": str(), "title": str(), "from": .object(["type": "string", "format": "date"]),
                "to": .object(["type": "string", "format": "date"]), "by": nullable(str()), "currency": str(),
                "columns": .object(["type": "array", "items": obj(["key": str(), "label": str()], required: ["key", "label"])]),
                "rows": .object(["type": "array", "items": row]), "total": nullable(row), "facts": row,
            ],
            required: ["report", "title", "from", "to", "by", "currency", "columns", "rows", "total", "facts"])
        paths["/api/v1/reports"] = .object([
            "get": op(
                "listReports", "The reports there are, with their groupings", tag: "Reports",
                responses: ["200": listOf(obj(
                    ["name": str(), "title": str(), "summary": str(), "groupings": .object(["type": "array", "items": str()])],
                    required: ["name", "title", "summary", "groupings"]))], errors: [401])
        ])
        paths["/api/v1/reports/{name}"] = .object([
            "parameters": .array([.object(["name": "name", "in": "path", "required": true, "schema": str(max: 40)])]),
            "get": op(
                "getReport",
                "A report's table (customers, revenue, funnel, activity, sources, competitors) for a period (a name such as 2026-Q4, or from and to), a team, an owner and an industry",
                tag: "Reports",
                params: [
                    period, query("from", .object(["type": "string", "format": "date"])), query("to", .object(["type": "string", "format": "date"])),
                    query("team_id", uuid()), query("owner_id", uuid()), query("industry", str(max: 100)), query("by", str(max: 20)),
                ], responses: ["200": ref("Report")], errors: [401, 404, 422]),
        ])
        let moneyInput = obj(["amount_minor": int, "currency": str(max: 3)], required: ["amount_minor", "currency"])
        schemas["MarketSize"] = obj(
            [
                "id": uuid(), "industry": str(), "country": nullable(str()), "year": int,
                "amount": obj(["amount_minor": int, "currency": str()], required: ["amount_minor", "currency"]), "source": str(),
            ],
            required: ["id", "industry", "country", "year", "amount", "source"])
        paths["/api/v1/market-sizes"] = .object([
            "get": op("listMarketSizes", "The market sizes recorded, newest year first", tag: "Reports", responses: ["200": listOf(ref("MarketSize"))], errors: [401]),
            "put": op(
                "setMarketSize", "Record (or replace) the size of a market: an industry, in a country or everywhere, in a year; managers and admins",
                tag: "Reports",
                body: .object([
                    "type": "object", "required": .array(["industry", "year", "amount"]), "additionalProperties": false,
                    "properties": .object([
                        "industry": str(max: 100), "country": nullable(str(max: 2)),
                        "year": .object(["type": "integer", "minimum": 1990, "maximum": 2100]), "amount": moneyInput, "source": nullable(str(max: 300)),
                    ]),
                ]), responses: ["200": ref("MarketSize")], errors: [400, 401, 403, 413, 415, 422]),
        ])
        paths["/api/v1/market-sizes/{id}"] = .object([
            "parameters": .array([idParam]),
            "delete": op("removeMarketSize", "Remove a market size", tag: "Reports", responses: ["204": nil], errors: [401, 403, 404]),
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
