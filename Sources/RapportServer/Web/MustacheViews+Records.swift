import Mustache

// The record page's views for Mustache (see `MustacheViews.swift`).

extension FactView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "value": self.value
        case "href": self.href
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension LinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": self.text
        case "href": self.href
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension DetailRowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "value": self.value
        case "href": self.href
        case "links": self.links
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension DetailSectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "rows": self.rows
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension RelatedItemView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "subtitle": self.subtitle
        case "href": self.href
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension RelatedView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "items": self.items
        case "emptyText": self.emptyText
        case "addHref": self.addHref
        case "addLabel": self.addLabel
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension RelationItemView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "otherName": self.otherName
        case "otherHref": self.otherHref
        case "note": self.note
        case "deleteAction": self.deleteAction
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension RelationsView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "items": self.items
        case "kinds": self.kinds
        case "addAction": self.addAction
        case "accountOptions": self.accountOptions
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ChangeView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "field": self.field
        case "before": self.before
        case "after": self.after
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension HistoryEntryView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "when": self.when
        case "whenISO": self.whenISO
        case "actor": self.actor
        case "actionLabel": self.actionLabel
        case "changes": self.changes
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension RecordView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kindLabel": self.kindLabel
        case "heading": self.heading
        case "subheading": self.subheading
        case "deleted": self.deleted
        case "editHref": self.editHref
        case "deleteAction": self.deleteAction
        case "restoreAction": self.restoreAction
        case "version": self.version
        case "facts": self.facts
        case "sections": self.sections
        case "related": self.related
        case "relations": self.relations
        case "history": self.history
        case "actions": self.actions
        case "timeline": self.timeline
        case "deal": self.deal
        case "lead": self.lead
        case "leadScore": self.leadScore
        case "productPrices": self.productPrices
        case "document": self.document
        case "purchases": self.purchases
        case "articleHTML": self.articleHTML
        case "bundle": self.bundle
        case "canEdit": self.canEdit
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension RecordContent: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "record": self.record
        case "mergeBanners": self.mergeBanners
        case "mergedAway": self.mergedAway
        case "mergeHref": self.mergeHref
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension TimelineEntryView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": self.kind
        case "icon": self.icon
        case "title": self.title
        case "href": self.href
        case "when": self.when
        case "whenISO": self.whenISO
        case "actor": self.actor
        case "team": self.team
        case "purpose": self.purpose
        case "with": self.with
        case "withHref": self.withHref
        case "detail": self.detail
        case "overrideReason": self.overrideReason
        case "planned": self.planned
        case "isChange": self.isChange
        case "changes": self.changes
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension TimelineTaskView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        case "due": self.due
        case "overdue": self.overdue
        case "assignee": self.assignee
        case "purpose": self.purpose
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension TimelineSectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "entriesHTML": self.entriesHTML
        case "entries": self.entries
        case "openTasks": self.openTasks
        case "kindOptions": self.kindOptions
        case "purposeOptions": self.purposeOptions
        case "teamOptions": self.teamOptions
        case "filtered": self.filtered
        case "basePath": self.basePath
        case "olderHref": self.olderHref
        case "logLinks": self.logLinks
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension LogLinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "icon": self.icon
        case "href": self.href
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension MergeBannerView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "before": self.before
        case "linkText": self.linkText
        case "linkHref": self.linkHref
        case "after": self.after
        case "note": self.note
        case "undoAction": self.undoAction
        case "mergedAway": self.mergedAway
        default: MustacheFields.missing(name, in: self)
        }
    }
}
