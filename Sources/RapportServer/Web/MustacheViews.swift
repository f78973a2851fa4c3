import Foundation
import Mustache

// The view types' fields for Mustache, by name. swift-mustache reads a field of any other type by
// reflection (`Mirror`), which was 82% of the web list's CPU and 62% of the record page's: every
// `{{name}}` walks all of a struct's fields, and a name missing from an inner context (`{{csrf}}`
// inside `{{#user}}`) is looked up again in every enclosing one.
//
// Each switch names every stored property of its type. A property a switch leaves out still renders
// in debug builds (`MustacheFields.missing` finds it by reflection), and `MustacheViewsTests` fails
// naming it; release builds take the switches at their word.

extension LayoutView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "user": self.user
        case "nav": self.nav
        case "csrf": self.csrf
        case "flash": self.flash
        case "searchQuery": self.searchQuery
        case "settingsNav": self.settingsNav
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension UserView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "email": self.email
        case "role": self.role
        case "initials": self.initials
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension NavItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "href": self.href
        case "active": self.active
        case "icon": self.icon
        case "badge": self.badge
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension FlashView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": self.kind
        case "message": self.message
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension ErrorView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "status": self.status
        case "heading": self.heading
        case "message": self.message
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension MergeSideView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        case "owner": self.owner
        case "detail": self.detail
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension MergeOptionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "inputID": self.inputID
        case "value": self.value
        case "checked": self.checked
        case "lines": self.lines
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension MergeFieldView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "label": self.label
        case "same": self.same
        case "sameLines": self.sameLines
        case "survivor": self.survivor
        case "duplicate": self.duplicate
        case "both": self.both
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension MergePageView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "heading": self.heading
        case "singular": self.singular
        case "action": self.action
        case "backHref": self.backHref
        case "survivor": self.survivor
        case "duplicate": self.duplicate
        case "duplicateID": self.duplicateID
        case "survivorVersion": self.survivorVersion
        case "duplicateVersion": self.duplicateVersion
        case "swapHref": self.swapHref
        case "rows": self.rows
        case "hasChoices": self.hasChoices
        case "summary": self.summary
        case "errors": self.errors
        case "hasErrors": self.hasErrors
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension MergeContent: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "merge": self.merge
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension MergePickerView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "heading": self.heading
        case "singular": self.singular
        case "plural": self.plural
        case "action": self.action
        case "backHref": self.backHref
        case "q": self.q
        case "candidates": self.candidates
        case "error": self.error
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension MergePickerContent: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "picker": self.picker
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension WorkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "heading": self.heading
        case "summary": self.summary
        case "teamView": self.teamView
        case "canSeeTeam": self.canSeeTeam
        case "sections": self.sections
        case "isEmpty": self.isEmpty
        case "canWrite": self.canWrite
        case "next": self.next
        case "snoozeOptions": self.snoozeOptions
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension TaskSectionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "key": self.key
        case "title": self.title
        case "rows": self.rows
        case "danger": self.danger
        default: MustacheFields.missing(name, in: self)
        }
    }
}

extension TaskRowView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "href": self.href
        case "about": self.about
        case "purpose": self.purpose
        case "assignee": self.assignee
        case "due": self.due
        case "dueISO": self.dueISO
        case "dueFull": self.dueFull
        case "overdue": self.overdue
        case "done": self.done
        case "priority": self.priority
        case "priorityKey": self.priorityKey
        case "showPriority": self.showPriority
        case "version": self.version
        case "completeAction": self.completeAction
        case "reopenAction": self.reopenAction
        case "snoozeAction": self.snoozeAction
        default: MustacheFields.missing(name, in: self)
        }
    }
}

/// What the view types' `child(named:)` switches do with a name they do not list.
enum MustacheFields {
    /// `nil` when the type has no stored property of that name (so Mustache looks in the enclosing
    /// context, as with reflection); the property's value, found by reflection, when it has one.
    static func missing(_ name: String, in value: Any) -> Any? {
        #if DEBUG
        guard labels.of(value).contains(name) else { return nil }
        fallbacks?.record("\(type(of: value)).\(name)")
        for child in Mirror(reflecting: value).children where child.label == name {
            let mirror = Mirror(reflecting: child.value)
            guard mirror.displayStyle == .optional else { return child.value }
            return mirror.children.first?.value
        }
        return nil
        #else
        // Release builds trust the switches (the tests run the debug path and fail on a miss): a name
        // missing from a context, the common case while Mustache climbs the stack, costs nothing more.
        return nil
        #endif
    }

    /// The stored properties' names of each type, reflected once.
    private static let labels = LabelCache()

    /// Collects the properties found by reflection while set (for tests).
    @TaskLocal static var fallbacks: FallbackLog?

    final class FallbackLog: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var names: Set<String> = []
        func record(_ name: String) {
            lock.lock()
            defer { lock.unlock() }
            names.insert(name)
        }
    }

    private final class LabelCache: @unchecked Sendable {
        private let lock = NSLock()
        private var byType: [ObjectIdentifier: Set<String>] = [:]

        func of(_ value: Any) -> Set<String> {
            let key = ObjectIdentifier(type(of: value))
            lock.lock()
            defer { lock.unlock() }
            if let labels = byType[key] { return labels }
            let labels = Set(Mirror(reflecting: value).children.compactMap(\.label))
            byType[key] = labels
            return labels
        }
    }
}

/// A section over a string (`{{#.href}}<a href="{{.}}">…{{/.href}}`, a cell's link) puts the string on
/// Mustache's stack, and every name looked up inside it was asked of the string first, by reflection
/// (`Mirror`, 4% of the web list's CPU). A string has no fields: say so without reflecting.
extension String: @retroactive MustacheParent {
    public func child(named name: String) -> Any? { nil }
}

/// A string renders itself: for each `{{name}}` holding one, swift-mustache otherwise also tries it
/// as a lambda and an optional (dynamic casts) and goes through `String(describing:)`. It is still
/// escaped (`HTMLEscaping`); a section over it still renders once.
extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { false }
}
