import Mustache

// The list and form pages' views for Mustache (see `MustacheViews.swift`).

extension CellView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": self.text
        case "href": self.href
        case "muted": self.muted
        case "label": self.label
        case "badge": self.badge
        case "numeric": self.numeric
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ColumnView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "sortHref": self.sortHref
        case "sortedAsc": self.sortedAsc
        case "sortedDesc": self.sortedDesc
        case "numeric": self.numeric
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension RowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": self.href
        case "cells": self.cells
        case "id": self.id
        case "title": self.title
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension OptionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": self.value
        case "label": self.label
        case "selected": self.selected
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension FilterView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "label": self.label
        case "options": self.options
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ChipView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "removeHref": self.removeHref
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ParamView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": self.value
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ListPageView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rowsHTML": self.rowsHTML
        case "heading": self.heading
        case "singular": self.singular
        case "basePath": self.basePath
        case "newHref": self.newHref
        case "q": self.q
        case "hiddenParams": self.hiddenParams
        case "filters": self.filters
        case "chips": self.chips
        case "columns": self.columns
        case "rows": self.rows
        case "isEmpty": self.isEmpty
        case "emptyTitle": self.emptyTitle
        case "emptyMessage": self.emptyMessage
        case "nextHref": self.nextHref
        case "prevHref": self.prevHref
        case "showingDeleted": self.showingDeleted
        case "toggleDeletedHref": self.toggleDeletedHref
        case "toggleDeletedLabel": self.toggleDeletedLabel
        case "countText": self.countText
        case "actions": self.actions
        case "notice": self.notice
        case "bulk": self.bulk
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ListContent: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "page": self.page
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension FieldView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "id": self.id
        case "label": self.label
        case "help": self.help
        case "required": self.required
        case "error": self.error
        case "value": self.value
        case "inputType": self.inputType
        case "isInput": self.isInput
        case "isTextarea": self.isTextarea
        case "isSelect": self.isSelect
        case "isCheckbox": self.isCheckbox
        case "checked": self.checked
        case "options": self.options
        case "placeholder": self.placeholder
        case "wide": self.wide
        case "rows": self.rows
        case "isCheckGroup": self.isCheckGroup
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension SectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "fields": self.fields
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ErrorItemView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "field": self.field
        case "label": self.label
        case "reason": self.reason
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension FormView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "heading": self.heading
        case "action": self.action
        case "cancelHref": self.cancelHref
        case "submitLabel": self.submitLabel
        case "version": self.version
        case "hasErrors": self.hasErrors
        case "errors": self.errors
        case "sections": self.sections
        case "confirmation": self.confirmation
        case "returnTo": self.returnTo
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension FormContent: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "form": self.form
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ActionLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": self.text
        case "href": self.href
        case "icon": self.icon
        case "download": self.download
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ConfirmationView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "items": self.items
        case "field": self.field
        case "asksReason": self.asksReason
        case "reasonValue": self.reasonValue
        case "reasonLabel": self.reasonLabel
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ConfirmationView.Item: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "message": self.message
        case "href": self.href
        case "linkText": self.linkText
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension BulkBarView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "action": self.action
        case "returnTo": self.returnTo
        case "fields": self.fields
        default: MustacheFields.missing(name, in: self)
        }
    }
}
