import Foundation

/// A pipeline's deals as they stood at one moment, summed per stage: how many, how much, and how
/// much weighted by each deal's probability at that moment. Amounts are kept per currency.
public struct PipelineSnapshot: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var stage: Stage
        public var count: Int
        public var amounts: [Money]
        public var weighted: [Money]
    }

    public var pipeline: Pipeline
    public var at: Timestamp
    public var rows: [Row]

    public init(pipeline: Pipeline, at: Timestamp, states: [DealState]) {
        self.pipeline = pipeline
        self.at = at
        var byStage: [UUID: [DealState]] = [:]
        for state in states { if let stage = state.stageID { byStage[stage, default: []].append(state) } }
        rows = pipeline.stages.compactMap { stage -> Row? in
            let deals = byStage[stage.id.uuid] ?? []
            if stage.retired && deals.isEmpty { return nil }
            var amounts: [String: Int64] = [:]
            var weighted: [String: Int64] = [:]
            for deal in deals {
                guard let amount = deal.amount else { continue }
                amounts[amount.currency, default: 0] &+= amount.minor
                let p = Int64(deal.probability ?? stage.probability)
                weighted[amount.currency, default: 0] &+= amount.minor.multipliedReportingOverflow(by: p).partialValue
            }
            return Row(
                stage: stage, count: deals.count,
                amounts: amounts.sorted { $0.key < $1.key }.map { Money(minor: $0.value, currency: $0.key) },
                weighted: weighted.sorted { $0.key < $1.key }.map { Money(minor: ($0.value + 50) / 100, currency: $0.key) })
        }
    }

    public var json: JSONValue {
        .object(
            JSONObject([
                "pipeline_id": .string(pipeline.id.description), "at": .string(at.iso8601),
                "stages": .array(
                    rows.map { row in
                        .object(
                            JSONObject([
                                "stage_id": .string(row.stage.id.description), "stage": .string(row.stage.name),
                                "forecast_category": .string(row.stage.category.rawValue), "count": .int(Int64(row.count)),
                                "amounts": .array(row.amounts.map { FieldValue.money($0).json }),
                                "weighted": .array(row.weighted.map { FieldValue.money($0).json }),
                            ]))
                    }),
            ]))
    }
}
