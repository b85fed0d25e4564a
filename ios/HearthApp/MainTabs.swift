import HearthFFI
import HearthKit
import SwiftUI

/// The six tabs, each with a quick-exit button that locks at once. An invite link the app
/// was opened with switches to the circles tab, which takes it.
struct MainTabs: View {
    let client: HearthClient
    let quickExit: () -> Void
    @Binding var joinLink: String?
    @State private var selection = "Today"

    var body: some View {
        TabView(selection: $selection) {
            tab(TodayView(client: client), "Today", "square.and.pencil")
            tab(JournalView(client: client), "Journal", "book")
            tab(CirclesView(client: client, joinLink: $joinLink), "Circles", "person.3")
            tab(InsightsView(client: client), "Insights", "chart.xyaxis.line")
            tab(SurveysView(client: client), "Check yourself", "list.bullet.clipboard")
            tab(SettingsView(client: client), "Settings", "gear")
        }
        .onAppear { if joinLink != nil { selection = "Circles" } }
        .onChange(of: joinLink) { link in if link != nil { selection = "Circles" } }
    }

    private func tab<V: View>(_ view: V, _ title: String, _ icon: String) -> some View {
        NavigationStack {
            view.navigationTitle(title).toolbar {
                Button("Exit", action: quickExit).accessibilityLabel("Quick exit: lock Hearth")
            }
        }
        .tabItem { Label(title, systemImage: icon) }
        .tag(title)
    }
}
